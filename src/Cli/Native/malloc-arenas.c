/* Linked into humanz-cni (see HumanzCni.Cli.csproj): every thread of the process allocates from glibc's main malloc
 * arena.
 *
 * glibc gives each thread that first calls malloc while another thread holds an arena's lock, or that starts once the
 * main thread has one, an arena of its own, up to 8 per core (malloc/arena.c, arena_get2): the pod-namespace thread
 * of an ADD made one at its first malloc (the runtime attaching it), a 128 MB reservation trimmed by two munmaps,
 * an mprotect, and fresh pages for its heap header and first chunks, which exit then tears down again. A plugin
 * process runs its threads one after another (the main thread waits in pthread_join while the pod-namespace thread
 * works; the finalizer thread, when there is one, mostly sleeps), so arenas of their own buy it no parallelism: with
 * one arena a thread that finds its lock taken waits for it, which is all malloc's locks do. Set by a constructor,
 * which static glibc runs before main and so before the runtime starts any thread: what the tunable
 * glibc.malloc.arena_max=1 would set from the environment. ADD CPU -77 us paired (600 interleaved rounds, load 6). */
#include <malloc.h>

__attribute__((constructor)) static void one_malloc_arena(void) {
    mallopt(M_ARENA_MAX, 1);
}
