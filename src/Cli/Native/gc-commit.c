/* Linked into humanz-cni (see HumanzCni.Cli.csproj): the GC's large reservations are made readable and writable at
 * once, so committing memory in them needs no system call.
 *
 * The GC reserves its address space with mmap(PROT_NONE) (gc/unix/gcenv.unix.cpp, VirtualReserveInner: the region
 * range, 1 GB with GCRegionRange, and its bookkeeping tables, 1 MB) and commits each piece it uses with
 * mprotect(PROT_READ|PROT_WRITE) (VirtualCommit): a plugin call made 12 such calls (the tables three, each region's
 * first page, gen0 growing 64 KB at a time), each splitting the reservation's mapping. Reserved here as a private
 * anonymous mapping that is already readable and writable, MAP_NORESERVE, the same memory is used the same way: the
 * kernel gives a page only when it is first touched, zero-filled, exactly as a page committed by mprotect, so
 * resident memory and what a core dump holds (gc-dump-hints.c) do not change; what the GC never touches costs nothing
 * but address space. A commit inside such a range then returns at once; a decommit (VirtualDecommit maps fresh
 * PROT_NONE pages over the range with MAP_FIXED, relying on re-committed pages being zero) maps fresh writable pages
 * instead, which are zero as well, so the next commit can again skip the kernel. The trims of an aligned reservation
 * (munmap of its head and tail) shrink the range recorded here; any other munmap that touches a recorded range drops
 * it, after which every commit in it goes to the kernel again (an mprotect to the protection a page already has is
 * harmless). Only reservations of 1 MB and more (the GC's two) are changed; the runtime's small ones (handle tables)
 * and every other protection or mapping go to the kernel as they are. MADV_NOHUGEPAGE keeps the kernel from backing
 * the range with 2 MB pages where transparent huge pages are "always": the GC commits pieces of 4 KB to 64 KB, and a
 * huge page would zero 2 MB on the first touch. Where the writable reservation is refused (an RLIMIT_DATA below 1 GB;
 * vm.overcommit_memory=2, where MAP_NORESERVE is ignored and the range is charged whole, when the commit limit is
 * near), the GC gets the PROT_NONE reservation it asked for. On such a strict node the range is charged for the
 * call's few milliseconds. ADD -77 and -81 us, DEL -63 and -48 us of CPU, paired (two pairs in one run of 600
 * interleaved rounds; an A/A pair -19 and -3 us). */
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/types.h>

void *__real_mmap64(void *address, size_t length, int protection, int flags, int fd, off_t offset);
void *__wrap_mmap64(void *address, size_t length, int protection, int flags, int fd, off_t offset);
int __real_mprotect(void *address, size_t length, int protection);
int __wrap_mprotect(void *address, size_t length, int protection);
int __real_munmap(void *address, size_t length);
int __wrap_munmap(void *address, size_t length);

enum { largest_count = 4, smallest_reservation = 1 << 20 };

/* The writable reservations: [start, end), empty once dropped. */
static struct range {
    uintptr_t start, end;
} writable[largest_count];
static int writable_count;
static pthread_mutex_t writable_lock = PTHREAD_MUTEX_INITIALIZER;

static struct range *containing(uintptr_t start, uintptr_t end) {
    for (int i = 0; i < writable_count; i++)
        if (start >= writable[i].start && end <= writable[i].end && start < end)
            return &writable[i];
    return NULL;
}

static int inside_writable(void *address, size_t length) {
    pthread_mutex_lock(&writable_lock);
    int inside = containing((uintptr_t)address, (uintptr_t)address + length) != NULL;
    pthread_mutex_unlock(&writable_lock);
    return inside;
}

static void *reserve_writable(void *address, size_t length, int flags, int fd, off_t offset) {
    void *reserved = MAP_FAILED;
    pthread_mutex_lock(&writable_lock);
    if (writable_count < largest_count) {
        reserved = __real_mmap64(address, length, PROT_READ | PROT_WRITE, flags | MAP_NORESERVE, fd, offset);
        if (reserved != MAP_FAILED) {
            madvise(reserved, length, MADV_NOHUGEPAGE);
            writable[writable_count++] = (struct range){(uintptr_t)reserved, (uintptr_t)reserved + length};
        }
    }
    pthread_mutex_unlock(&writable_lock);
    return reserved;
}

void *__wrap_mmap64(void *address, size_t length, int protection, int flags, int fd, off_t offset) {
    int anonymous_none = protection == PROT_NONE && (flags & MAP_ANONYMOUS) && (flags & MAP_PRIVATE);
    if (anonymous_none && !(flags & MAP_FIXED) && address == NULL && length >= smallest_reservation) {
        void *reserved = reserve_writable(address, length, flags, fd, offset);
        if (reserved != MAP_FAILED)
            return reserved;
    } else if (anonymous_none && (flags & MAP_FIXED) && inside_writable(address, length)) {
        void *fresh = __real_mmap64(address, length, PROT_READ | PROT_WRITE, flags | MAP_NORESERVE, fd, offset);
        if (fresh != MAP_FAILED)
            return fresh;
    }
    return __real_mmap64(address, length, protection, flags, fd, offset);
}

int __wrap_mprotect(void *address, size_t length, int protection) {
    if (protection == (PROT_READ | PROT_WRITE) && inside_writable(address, length))
        return 0;
    return __real_mprotect(address, length, protection);
}

int __wrap_munmap(void *address, size_t length) {
    uintptr_t start = (uintptr_t)address, end = start + length;
    pthread_mutex_lock(&writable_lock);
    for (int i = 0; i < writable_count; i++) {
        struct range *range = &writable[i];
        if (end <= range->start || start >= range->end)
            continue;
        if (start <= range->start && end < range->end)
            range->start = end;
        else if (start > range->start && end >= range->end)
            range->end = start;
        else
            range->end = range->start;
    }
    int result = __real_munmap(address, length);
    pthread_mutex_unlock(&writable_lock);
    return result;
}
