/* The CRI test's sandbox ("pause") image: a static program that sleeps until SIGTERM or SIGINT, as
   Kubernetes' pause container does. Nothing can be pulled from a registry here, so the test builds it. */
#include <signal.h>
#include <unistd.h>

static void quit(int signal_number)
{
    (void)signal_number;
    _exit(0);
}

int main(void)
{
    signal(SIGTERM, quit);
    signal(SIGINT, quit);
    for (;;)
    {
        pause();
    }
}
