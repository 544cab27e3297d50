/*
 * spawntime: start-up bench for bench/startup.sh. Runs each command ROUNDS times, interleaved (one of each per
 * round, the order rotating from round to round so drift lands on all alike), stdin from a file, stdout and
 * stderr to /dev/null, and prints per command the median, min and max of wall time (CLOCK_MONOTONIC around
 * fork..wait4) and CPU time (user + sys of the child from wait4's rusage, which Linux keeps to the
 * nanosecond in total). Written in C rather than using hyperfine (Debian 12: 1.15) because that one runs all
 * of A before B, reports CPU time only as a mean and cannot feed stdin from a file without a shell.
 *
 *   spawntime ROUNDS STDIN_FILE LABEL=COMMAND [LABEL=COMMAND ...]   (COMMAND split on spaces)
 *
 * Output, one line per command: LABEL wall_med wall_min wall_max cpu_med cpu_min cpu_max (microseconds).
 * SPAWNTIME_WARMUP=0 skips the warm-up round: for a command whose second run differs from its first (an ADD).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_COMMANDS 8
#define MAX_ARGS 32

struct command {
    const char *label;
    char *argv[MAX_ARGS + 1];
    double *wall, *cpu;
};

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *values, int n) {
    qsort(values, n, sizeof *values, by_value);
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* One run: fork, stdin from the file, exec; returns 0 when the command exited 0. */
static int run(struct command *c, const char *input, double *wall, double *cpu) {
    double start = now_us();
    pid_t pid = fork();
    if (pid == 0) {
        int in = open(input, O_RDONLY), out = open("/dev/null", O_WRONLY);
        if (in < 0 || out < 0) _exit(126);
        dup2(in, 0);
        dup2(out, 1);
        dup2(out, 2);
        execv(c->argv[0], c->argv);
        _exit(127);
    }
    int status;
    struct rusage usage;
    if (pid < 0 || wait4(pid, &status, 0, &usage) < 0) return -1;
    *wall = now_us() - start;
    *cpu = usage.ru_utime.tv_sec * 1e6 + usage.ru_utime.tv_usec + usage.ru_stime.tv_sec * 1e6 + usage.ru_stime.tv_usec;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc < 4 || argc - 3 > MAX_COMMANDS) {
        fprintf(stderr, "usage: spawntime ROUNDS STDIN_FILE LABEL=COMMAND [LABEL=COMMAND ...] (at most %d)\n", MAX_COMMANDS);
        return 2;
    }
    int rounds = atoi(argv[1]), n = argc - 3;
    const char *input = argv[2];
    struct command commands[MAX_COMMANDS];
    for (int i = 0; i < n; i++) {
        char *spec = argv[i + 3], *eq = strchr(spec, '=');
        if (!eq) { fprintf(stderr, "spawntime: %s is not LABEL=COMMAND\n", spec); return 2; }
        *eq = 0;
        commands[i].label = spec;
        int a = 0;
        for (char *word = strtok(eq + 1, " "); word && a < MAX_ARGS; word = strtok(NULL, " ")) commands[i].argv[a++] = word;
        commands[i].argv[a] = NULL;
        commands[i].wall = calloc(rounds, sizeof(double));
        commands[i].cpu = calloc(rounds, sizeof(double));
    }
    /* Round 0 is a warm-up (page cache, dynamic loader cache), not counted. */
    const char *warmup = getenv("SPAWNTIME_WARMUP");
    for (int r = warmup && strcmp(warmup, "0") == 0 ? 0 : -1; r < rounds; r++) {
        for (int k = 0; k < n; k++) {
            struct command *c = &commands[(k + (r < 0 ? 0 : r)) % n];
            double wall, cpu;
            if (run(c, input, &wall, &cpu) != 0) { fprintf(stderr, "spawntime: %s failed\n", c->label); return 1; }
            if (r >= 0) {
                c->wall[r] = wall;
                c->cpu[r] = cpu;
            }
        }
    }
    for (int i = 0; i < n; i++) {
        struct command *c = &commands[i];
        double wm = median(c->wall, rounds), cm = median(c->cpu, rounds);
        printf("%s %.0f %.0f %.0f %.0f %.0f %.0f\n", c->label, wm, c->wall[0], c->wall[rounds - 1], cm, c->cpu[0], c->cpu[rounds - 1]);
    }
    return 0;
}
