/* Linked into humanz-cni (see HumanzCni.Cli.csproj): the .NET runtime's finalizer thread is started the first time
 * something needs it, not at every start.
 *
 * The runtime starts a thread at start-up that waits for objects to finalize (RhInitializeFinalization calls
 * PalStartFinalizerThread). Creating it costs a plugin call more than anything else in the runtime's start-up:
 * an 8 MB stack mapping, clone3, the new thread's glibc malloc arena (a 128 MB reservation trimmed by two munmaps),
 * its attach to the runtime; and the kernel tears it all down again at exit: VERSION 54 us of CPU time (3.7%),
 * measured. A call that lives a few milliseconds rarely has a finalizer to run; when it does, the thread is
 * started before the first request reaches it.
 *
 * The thread only ever waits on g_FinalizerEvent, and the runtime sets that event in two functions (10.0.12,
 * FinalizerHelpers.cpp): RhEnableFinalization (the GC, when a collection queued finalizable objects, and the
 * spin-wait calibration) and RhWaitForPendingFinalizers (GC.WaitForPendingFinalizers). Both go through here and
 * start the thread first, so every request finds it, exactly as if it had been started at start-up. The GC may
 * call RhEnableFinalization while the runtime is suspended: the new thread then waits on the thread store lock
 * until the collection ends, as the runtime's own background GC thread does when it is created during a
 * collection. Checked under gdb: a full collection forced at the stdout write of a VERSION call (RhpCollect) finds
 * finalizable objects, starts the thread from inside the collection, a second collection follows, and the call
 * completes with its output. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef uint32_t (*thread_start)(void *);

/* The C++ names of PalStartFinalizerThread(uint32_t (*)(void*), void*) and RhEnableFinalization(). */
bool __real__Z23PalStartFinalizerThreadPFjPvES_(thread_start start, void *context);
bool __wrap__Z23PalStartFinalizerThreadPFjPvES_(thread_start start, void *context);
void __real__Z20RhEnableFinalizationv(void);
void __wrap__Z20RhEnableFinalizationv(void);
void __real_RhWaitForPendingFinalizers(uint32_t allow_reentrant_wait);
void __wrap_RhWaitForPendingFinalizers(uint32_t allow_reentrant_wait);

static thread_start finalizer_start;
static void *finalizer_context;
static pthread_once_t finalizer_started = PTHREAD_ONCE_INIT;

static void start_finalizer(void) {
    if (!__real__Z23PalStartFinalizerThreadPFjPvES_(finalizer_start, finalizer_context)) {
        /* What the runtime does when it cannot start the thread at start-up: give up. */
        fputs("humanz-cni: cannot start the .NET finalizer thread\n", stderr);
        abort();
    }
}

bool __wrap__Z23PalStartFinalizerThreadPFjPvES_(thread_start start, void *context) {
    finalizer_start = start;
    finalizer_context = context;
    return true;
}

void __wrap__Z20RhEnableFinalizationv(void) {
    pthread_once(&finalizer_started, start_finalizer);
    __real__Z20RhEnableFinalizationv();
}

void __wrap_RhWaitForPendingFinalizers(uint32_t allow_reentrant_wait) {
    pthread_once(&finalizer_started, start_finalizer);
    __real_RhWaitForPendingFinalizers(allow_reentrant_wait);
}
