//! The wasm global allocator: `talc`, wrapped so that every block is zeroized when it is freed.
//!
//! Secrets cross the JS boundary through buffers that the wasm-bindgen glue allocates, grows
//! (`realloc` while encoding non-ASCII text) and frees on its own; zeroizing on free is the one
//! place that scrubs all of them, and every `String`/`Vec` copy the core makes as well.

use core::alloc::{GlobalAlloc, Layout};

use zeroize::Zeroize;

struct ScrubOnFree(talc::TalckWasm);

// SAFETY: every call is forwarded to talc's allocator with the same arguments; `dealloc` only
// writes zeros into the block it is about to release, which the caller owns until then.
unsafe impl GlobalAlloc for ScrubOnFree {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator with `layout`, so it is valid for
        // `layout.size()` bytes until released below. `zeroize` writes with volatile stores,
        // which the compiler may not remove as dead stores before a free.
        unsafe {
            core::slice::from_raw_parts_mut(ptr, layout.size()).zeroize();
            self.0.dealloc(ptr, layout)
        }
    }

    // `realloc` is deliberately not forwarded: the default allocates, copies and calls
    // `dealloc` on the old block, so a moved buffer is scrubbed too.
}

#[global_allocator]
// SAFETY: `new_global` is meant for exactly this: the single global allocator of a wasm module.
static ALLOCATOR: ScrubOnFree = ScrubOnFree(unsafe { talc::TalckWasm::new_global() });
