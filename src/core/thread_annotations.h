#pragma once

// Clang's thread-safety annotations (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html):
// which mutex guards a field, which a function needs held or takes. Compiled with
// -Wthread-safety under clang (the fuzz build), where a read of a guarded field without its
// mutex is an error; other compilers ignore them. Use them with the types of core/mutex.h.
#if defined(__clang__)
#define PAL_THREAD_ANNOTATION_(x) __attribute__((x))
#else
#define PAL_THREAD_ANNOTATION_(x)
#endif

#define PAL_CAPABILITY(name) PAL_THREAD_ANNOTATION_(capability(name))
#define PAL_SCOPED_CAPABILITY PAL_THREAD_ANNOTATION_(scoped_lockable)
#define PAL_GUARDED_BY(mutex) PAL_THREAD_ANNOTATION_(guarded_by(mutex))
#define PAL_PT_GUARDED_BY(mutex) PAL_THREAD_ANNOTATION_(pt_guarded_by(mutex))
#define PAL_REQUIRES(...) PAL_THREAD_ANNOTATION_(requires_capability(__VA_ARGS__))
#define PAL_REQUIRES_SHARED(...) PAL_THREAD_ANNOTATION_(requires_shared_capability(__VA_ARGS__))
#define PAL_ACQUIRE(...) PAL_THREAD_ANNOTATION_(acquire_capability(__VA_ARGS__))
#define PAL_ACQUIRE_SHARED(...) PAL_THREAD_ANNOTATION_(acquire_shared_capability(__VA_ARGS__))
#define PAL_RELEASE(...) PAL_THREAD_ANNOTATION_(release_capability(__VA_ARGS__))
#define PAL_RELEASE_SHARED(...) PAL_THREAD_ANNOTATION_(release_shared_capability(__VA_ARGS__))
#define PAL_EXCLUDES(...) PAL_THREAD_ANNOTATION_(locks_excluded(__VA_ARGS__))
#define PAL_NO_THREAD_SAFETY_ANALYSIS PAL_THREAD_ANNOTATION_(no_thread_safety_analysis)
