/* Linked into humanz-cni (see HumanzCni.Cli.csproj): answers, without the kernel, questions the C library and the .NET
 * runtime ask at every start whose answers a plugin call has no use for. Each is routed here with ld --wrap=NAME
 * (the names the runtime's and libc's objects call), and each answer is the one the caller already handles on a
 * machine that lacks what it looks for. Measured on VERSION, CPU time, 1000 interleaved rounds (bench/README.md,
 * "Start-up"). */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <stdio.h>

FILE *__real_fopen64(const char *path, const char *mode);
FILE *__wrap_fopen64(const char *path, const char *mode);
DIR *__real_opendir(const char *path);
DIR *__wrap_opendir(const char *path);
const char *__wrap__dl_get_origin(void);

/* The cgroup probe, twice per start (the GC, then the runtime): to find the cgroup hierarchies and read memory and
 * CPU limits, the runtime reads /proc/self/mountinfo, and the kernel formats every mount of the node for each read,
 * about 1 us a mount (a network namespace, a root filesystem and volumes per pod). The limits mean nothing to a
 * process that lives a few milliseconds and allocates under a megabyte. Without the file the runtime finds no
 * hierarchy (gc/unix/cgroup.cpp, FindHierarchyMount) and does what it does on a machine without cgroups: the
 * machine's memory and CPUs. With 267 network namespaces mounted, VERSION 2.13 -> 1.47 ms. Every other fopen is
 * the C library's. (Failing the statfs of /sys/fs/cgroup instead is not enough: 10.0.12 still reads the file.) */
FILE *__wrap_fopen64(const char *path, const char *mode) {
    if (strcmp(path, "/proc/self/mountinfo") == 0) {
        errno = ENOENT;
        return NULL;
    }
    return __real_fopen64(path, mode);
}

/* The GC's NUMA probe (gc/unix/numasupport.cpp) lists /sys/devices/system/node to find the highest node; without the
 * directory it takes the machine as one node, which is what the workstation GC the plugin uses does with any
 * number of nodes (nodes matter to the server GC's per-node heaps). 9 us. */
DIR *__wrap_opendir(const char *path) {
    if (strcmp(path, "/sys/devices/system/node") == 0) {
        errno = ENOENT;
        return NULL;
    }
    return __real_opendir(path);
}

/* Static glibc's start-up resolves the executable's directory (readlink /proc/self/exe), only to expand $ORIGIN in
 * the library paths of dlopen, which the plugin never calls with $ORIGIN (a static executable has no RPATH). -1 is
 * the answer of _dl_get_origin when it cannot tell (elf/dl-origin.c). 6 us. */
const char *__wrap__dl_get_origin(void) {
    return (const char *)-1;
}
