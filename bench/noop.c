/* The floor of bench/targets.sh and bench/cri.sh: a CNI plugin that does nothing, linked statically so that it
 * pays exec and exit and nothing else (no dynamic loader, no runtime). It reads its config as a plugin must
 * (libcni writes it to stdin), answers ADD with a result naming CNI_IFNAME in CNI_NETNS with a documentation
 * address (192.0.2.1/32, TEST-NET-1, configured nowhere: containerd's CRI refuses a sandbox whose eth0 has no
 * address in the result), VERSION with its versions, and every other verb with nothing. What libcni plus one
 * exec cost with no work at all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void say(const char *text) {
    size_t left = strlen(text);
    while (left > 0) {
        ssize_t n = write(1, text, left);
        if (n <= 0) exit(1);
        text += n;
        left -= (size_t)n;
    }
}

int main(void) {
    char buffer[65536];
    while (read(0, buffer, sizeof buffer) > 0) {
    }
    const char *command = getenv("CNI_COMMAND");
    if (command == NULL) return 1;
    if (strcmp(command, "ADD") == 0) {
        const char *ifname = getenv("CNI_IFNAME"), *netns = getenv("CNI_NETNS");
        char result[4096];
        snprintf(result, sizeof result,
                 "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"%s\",\"sandbox\":\"%s\"}],"
                 "\"ips\":[{\"address\":\"192.0.2.1/32\",\"interface\":0}]}\n",
                 ifname ? ifname : "", netns ? netns : "");
        say(result);
    }
    if (strcmp(command, "VERSION") == 0) say("{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\"]}\n");
    return 0;
}
