/*
 * killtrace: runs a command under ptrace, following every thread and child, and counts the calls
 * that change state outside the process: sendto/sendmsg/sendmmsg on netlink sockets and
 * write/writev/pwrite to files under given directories (the lease directory, the result cache). With KILL_AT = N > 0
 * it SIGKILLs every traced process at the entry of the N-th counted call, before the kernel runs it,
 * as a runtime's timeout would at the worst moment. With KILL_AT = 0 it only counts.
 *
 * The count is across all threads: the plugin does its pod-side netlink from a dedicated namespace
 * thread, which is why strace's per-thread inject=...:when=N cannot do this.
 *
 * usage: killtrace KILL_AT DIRECTORY[:DIRECTORY...] COMMAND [ARGS...]
 * stdin, stdout and the command's stderr pass through; the last stderr line is
 * "killtrace: counted C killed K" (K = 1 when the kill happened), then " in PROGRAM" naming the executable
 * that was about to make the call when it was killed. With KILL_AT = 0, a line "killtrace: call N in PROGRAM" before
 * it for every counted call, telling which calls an exec'd program made. Exit status: the command's, or 137.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

static int is_netlink_socket(pid_t tid, int fd)
{
    int pidfd = (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD);
    if (pidfd < 0) {
        return 0;
    }

    int local = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
    close(pidfd);
    if (local < 0) {
        return 0;
    }

    int domain = 0;
    socklen_t length = sizeof domain;
    int netlink = getsockopt(local, SOL_SOCKET, SO_DOMAIN, &domain, &length) == 0 && domain == AF_NETLINK;
    close(local);
    return netlink;
}

/* Whether the fd names a file under one of the colon-separated directories. */
static int is_file_under(pid_t tid, int fd, const char *directories)
{
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/%d/fd/%d", tid, fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0) {
        return 0;
    }

    target[n] = '\0';
    for (const char *directory = directories; *directory != '\0';) {
        size_t prefix = strcspn(directory, ":");
        if (prefix > 0 && strncmp(target, directory, prefix) == 0 && target[prefix] == '/') {
            return 1;
        }

        directory += prefix;
        directory += *directory == ':';
    }

    return 0;
}

static int counts(pid_t tid, const struct __ptrace_syscall_info *info, const char *directory)
{
    int fd = (int)info->entry.args[0];
    switch (info->entry.nr) {
    case SYS_sendto:
    case SYS_sendmsg:
    case SYS_sendmmsg:
        return is_netlink_socket(tid, fd);
    case SYS_write:
    case SYS_writev:
    case SYS_pwrite64:
    case SYS_pwritev:
    case SYS_pwritev2:
        return is_file_under(tid, fd, directory);
    default:
        return 0;
    }
}

/* The executable of the process a task belongs to (not its comm: .NET names its threads). */
static void read_program(pid_t tid, char *program, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/exe", tid);
    char target[4096];
    ssize_t n = readlink(path, target, sizeof target - 1);
    target[n < 0 ? 0 : n] = '\0';
    const char *name = strrchr(target, '/');
    snprintf(program, size, "%s", name != NULL ? name + 1 : "?");
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: killtrace KILL_AT DIRECTORY[:DIRECTORY...] COMMAND [ARGS...]\n");
        return 2;
    }

    long kill_at = strtol(argv[1], NULL, 10);
    const char *directory = argv[2];
    pid_t child = fork();
    if (child == 0) {
        /* Its own process group, so one kill reaches whatever it forks too. */
        setpgid(0, 0);
        ptrace(PTRACE_TRACEME, 0, NULL, NULL);
        raise(SIGSTOP);
        execvp(argv[3], &argv[3]);
        perror("killtrace: exec");
        _exit(127);
    }

    int status;
    waitpid(child, &status, 0);
    ptrace(PTRACE_SETOPTIONS, child, NULL,
           (void *)(PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK
                    | PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL));
    ptrace(PTRACE_SYSCALL, child, NULL, NULL);

    long counted = 0;
    int killed = 0, exit_code = 0;
    char killed_in[64] = "";
    for (;;) {
        pid_t tid = waitpid(-1, &status, __WALL);
        if (tid < 0) {
            break; /* ECHILD: every traced task is gone */
        }

        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            if (tid == child) {
                exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            continue;
        }

        int deliver = 0;
        int stop = WSTOPSIG(status);
        if (stop == (SIGTRAP | 0x80)) {
            struct __ptrace_syscall_info info;
            if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void *)sizeof info, &info) > 0
                && info.op == PTRACE_SYSCALL_INFO_ENTRY && !killed && counts(tid, &info, directory)) {
                counted++;
                if (kill_at == 0) {
                    char program[64];
                    read_program(tid, program, sizeof program);
                    fprintf(stderr, "killtrace: call %ld in %s\n", counted, program);
                }

                if (counted == kill_at) {
                    /* Every task of every traced process; the stopped one never runs its call. */
                    killed = 1;
                    read_program(tid, killed_in, sizeof killed_in);
                    kill(-child, SIGKILL);
                    continue;
                }
            }
        } else if (stop == SIGTRAP && (status >> 16) != 0) {
            /* clone/fork/exec event: the new task is traced already. */
        } else if (stop == SIGSTOP && (status >> 16) == 0) {
            /* The initial stop of a newly traced task, or a real SIGSTOP: let it run on. */
        } else if ((status >> 16) == PTRACE_EVENT_STOP) {
        } else {
            deliver = stop;
        }

        ptrace(PTRACE_SYSCALL, tid, NULL, (void *)(long)deliver);
    }

    fprintf(stderr, "killtrace: counted %ld killed %d%s%s\n", counted, killed, killed ? " in " : "", killed_in);
    return killed ? 137 : exit_code;
}
