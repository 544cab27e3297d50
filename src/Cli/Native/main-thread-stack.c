/* Linked into humanz-cni (see HumanzCni.Cli.csproj): the main thread's stack bounds without /proc/self/maps.
 *
 * The runtime asks glibc for the stack of every thread it attaches (PalGetMaximumStackBounds: pthread_getattr_np).
 * For a thread it created, glibc knows the stack; for the main thread it opens /proc/self/maps, has the kernel
 * format every mapping of the process (about 40 for the plugin) to find the one holding __libc_stack_end, and asks
 * for the CPU affinity besides: VERSION 33 us of CPU (1427 -> 1394 us, 1000 interleaved rounds). The same bounds
 * follow from what exec left on the stack: the kernel copies the executable's name (AT_EXECFN) to the top of the
 * stack mapping, right under a final 8-byte word (fs/exec.c: bprm->p = vm_end - sizeof(void *)), so the mapping ends
 * at the first page boundary after that name. From there this computes what glibc does (nptl/pthread_getattr_np.c):
 * the top is the page above __libc_stack_end and the size the stack rlimit less what lies above that page, rounded
 * down to pages. glibc also caps the size at the mapping below the stack; the kernel keeps at least 128 MB free
 * under the stack for it to grow into (mm/util.c, mmap_base), so the cap cannot apply while the rlimit stays below
 * that: above 64 MB, or when anything is unexpected, glibc answers. Checked equal to glibc's answer with rlimits of
 * 1, 8, 16 and 64 MB and short and long executable paths and argument lists. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>

extern void *__libc_stack_end;

/* The C++ name of PalGetMaximumStackBounds(void **, void **). */
bool __real__Z24PalGetMaximumStackBoundsPPvS0_(void **low, void **high);
bool __wrap__Z24PalGetMaximumStackBoundsPPvS0_(void **low, void **high);

enum { page = 4096, largest_rlimit = 64 << 20 };

static pthread_t main_thread;

__attribute__((constructor)) static void remember_main_thread(void) {
    main_thread = pthread_self();
}

static bool main_thread_stack(uintptr_t *low, uintptr_t *high) {
    const char *name = (const char *)getauxval(AT_EXECFN);
    struct rlimit limit;
    if (name == NULL || getrlimit(RLIMIT_STACK, &limit) != 0 || limit.rlim_cur > largest_rlimit)
        return false;
    uintptr_t mapping_end = ((uintptr_t)name + strlen(name) + 1 + sizeof(void *) + page - 1) & ~(uintptr_t)(page - 1);
    uintptr_t top = ((uintptr_t)__libc_stack_end & ~(uintptr_t)(page - 1)) + page;
    if (mapping_end < top || mapping_end - top >= limit.rlim_cur)
        return false;
    uintptr_t size = (limit.rlim_cur - (mapping_end - top)) & ~(uintptr_t)(page - 1);
    *low = top - size;
    *high = top;
    return true;
}

bool __wrap__Z24PalGetMaximumStackBoundsPPvS0_(void **low, void **high) {
    uintptr_t stack_low, stack_high;
    if (!pthread_equal(pthread_self(), main_thread) || !main_thread_stack(&stack_low, &stack_high))
        return __real__Z24PalGetMaximumStackBoundsPPvS0_(low, high);
    *low = (void *)stack_low;
    *high = (void *)stack_high;
    return true;
}
