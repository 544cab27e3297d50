/* Linked into humanz-cni (see HumanzCni.Cli.csproj): the GC's core-dump hints are dropped, one system call each.
 *
 * The GC marks each range it reserves MADV_DONTDUMP and each range it commits MADV_DODUMP (gc/unix/gcenv.unix.cpp),
 * so that a core dump holds the heap's committed pages and not its 50 GB reservation: about 17 madvise calls per
 * start, each splitting or merging the mapping it lands in. Without them a core dump holds the same pages: the kernel
 * dumps an anonymous private mapping only if it was ever written to (fs/coredump.c, vma_dump_size: no anon_vma,
 * nothing dumped), the reservation is written only where the GC commits it, and the GC decommits by mapping fresh
 * pages over a range. The one difference: a range the GC resets after a collection (MADV_FREE) stays in a dump, as
 * zeros. VERSION 17-24 us less CPU (1000 interleaved rounds, two runs). Every other advice goes to the kernel. */
#include <sys/mman.h>

int __real_madvise(void *address, size_t length, int advice);
int __wrap_madvise(void *address, size_t length, int advice);

int __wrap_madvise(void *address, size_t length, int advice) {
    if (advice == MADV_DODUMP || advice == MADV_DONTDUMP)
        return 0;
    return __real_madvise(address, length, advice);
}
