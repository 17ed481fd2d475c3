//! Scrubbing wasm memory of secrets that `Zeroize` on our own types cannot reach.
//!
//! - The heap: the global allocator is `talc`, wrapped so that every block is zeroized when it
//!   is freed. Secrets cross the JS boundary through buffers that the wasm-bindgen glue
//!   allocates, grows (`realloc` while encoding non-ASCII text) and frees on its own; zeroizing
//!   on free is the one place that scrubs all of them, and every copy the core makes as well.
//! - The stack: callees leave copies in dead stack frames (sha2 pads the last block of the
//!   token on the stack during finalisation). [`StackScrub`] overwrites the stack below an
//!   export's frame when the export returns. `tests/js/wasm-release.test.mjs` scans the whole
//!   wasm memory for the token after every export to hold both to account.

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
            scrub(core::slice::from_raw_parts_mut(ptr, layout.size()));
            self.0.dealloc(ptr, layout)
        }
    }

    // `realloc` is deliberately not forwarded: the default allocates, copies and calls
    // `dealloc` on the old block, so a moved buffer is scrubbed too.
}

/// The scanner package frees whole logs: 8 bytes per store for the aligned middle, because
/// byte stores made scrubbing a 10 MB log cost more than scanning it. The minting package frees
/// only small buffers and keeps the smaller byte loop (its size budget has little room).
#[cfg(feature = "scan")]
fn scrub(block: &mut [u8]) {
    // SAFETY: any bytes are valid `u64`s; `align_to_mut` only reinterprets the aligned middle.
    let (head, words, tail) = unsafe { block.align_to_mut::<u64>() };
    head.zeroize();
    words.zeroize();
    tail.zeroize();
}

#[cfg(not(feature = "scan"))]
fn scrub(block: &mut [u8]) {
    block.zeroize();
}

/// Bytes of stack overwritten below the caller: well above the deepest secret-handling call
/// chain (hashing uses a few hundred bytes), small enough to cost a microsecond.
const STACK_SCRUB_WORDS: usize = 512; // 4 KiB

/// Overwrites, when dropped, the stack area that the calls made before it have used.
/// Declare it first in an export so that it is dropped last.
pub(crate) struct StackScrub;

impl Drop for StackScrub {
    fn drop(&mut self) {
        scrub_stack();
    }
}

#[inline(never)]
fn scrub_stack() {
    let mut area = [0u64; STACK_SCRUB_WORDS];
    // Volatile writes: the compiler may not drop them as dead stores.
    area.zeroize();
    core::hint::black_box(&area);
}

#[global_allocator]
// SAFETY: `new_global` is meant for exactly this: the single global allocator of a wasm module.
static ALLOCATOR: ScrubOnFree = ScrubOnFree(unsafe { talc::TalckWasm::new_global() });
