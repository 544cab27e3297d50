/* Linked into humanz-cni (see HumanzCni.Cli.csproj): every fopen of the image goes through here (ld --wrap=fopen64: with 64-bit file offsets, the
 * name the runtime's objects call).
 *
 * At start-up the .NET runtime looks for its cgroup's memory and CPU limits, and to find the cgroup hierarchies it
 * reads /proc/self/mountinfo, twice (the GC, then the runtime). The kernel formats every mount of the node for each
 * read, about 1 us a mount: on a node with a hundred pods (a network namespace, a root filesystem and volumes each)
 * that is a millisecond of every plugin call, more than the plugin's own work. The limits mean nothing to a process
 * that lives a few milliseconds and allocates under a megabyte, so the plugin answers that open as the runtime's
 * code expects on a machine without the file: no such file, no cgroup, the machine's memory and CPUs. Every other
 * fopen is the C library's. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

FILE *__real_fopen64(const char *path, const char *mode);
FILE *__wrap_fopen64(const char *path, const char *mode);

FILE *__wrap_fopen64(const char *path, const char *mode) {
    if (strcmp(path, "/proc/self/mountinfo") == 0) {
        errno = ENOENT;
        return NULL;
    }
    return __real_fopen64(path, mode);
}
