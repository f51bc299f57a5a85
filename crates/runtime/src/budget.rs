//! The process-wide memory budget shared by every function instance.
//!
//! Each instance's QuickJS runtime allocates through a [`BudgetAllocator`]: every byte the engine
//! holds for a function (its heap, and the buffers host functions hand to it, which are copied into
//! engine memory) is counted once in the process total. QuickJS still enforces each instance's own
//! heap limit; the budget bounds all instances together, so many instances of many functions
//! cannot take the machine's memory even when each stays within its limit.
//!
//! **Architecture Invariant:** an allocation that would take the total past the budget fails (the
//! function sees QuickJS's out-of-memory error and the instance is discarded), and a new instance
//! is admitted only while the total leaves room for one ([`MemoryBudget::admit_instance`]).

use libmimalloc_sys as mi;
use rquickjs::allocator::Allocator;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Memory an instance needs right after creation (runtime, context, prelude); a new instance is
/// admitted only while this much is free.
pub const INSTANCE_HEADROOM: usize = 4 << 20;

/// The total memory all function instances of this process may hold.
#[derive(Debug)]
pub struct MemoryBudget {
    limit: usize,
    used: AtomicUsize,
}

impl MemoryBudget {
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(MemoryBudget {
            limit,
            used: AtomicUsize::new(0),
        })
    }

    /// Half of the machine's memory (`/proc/meminfo`), or 4 GiB where that cannot be read.
    pub fn default_limit() -> usize {
        std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("MemTotal:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<usize>().ok())
            })
            .map(|kb| kb * 1024 / 2)
            .unwrap_or(4 << 30)
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Bytes held by all instances now.
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    /// Whether a new instance fits.
    pub fn admit_instance(&self) -> bool {
        self.used().saturating_add(INSTANCE_HEADROOM) <= self.limit
    }

    fn reserve(&self, bytes: usize) -> bool {
        let mut cur = self.used.load(Ordering::Relaxed);
        loop {
            let next = cur.saturating_add(bytes);
            if next > self.limit {
                return false;
            }
            match self
                .used
                .compare_exchange_weak(cur, next, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return true,
                Err(now) => cur = now,
            }
        }
    }

    fn release(&self, bytes: usize) {
        self.used.fetch_sub(bytes, Ordering::Relaxed);
    }
}

/// The allocator of one instance's QuickJS runtime: mimalloc (an instance moves between executor
/// threads; mimalloc frees a block made on another thread without a lock), counted against the
/// budget.
pub(crate) struct BudgetAllocator {
    budget: Arc<MemoryBudget>,
    /// Set when an allocation failed because of the budget (not the instance's own limit).
    exhausted: Arc<AtomicBool>,
}

impl BudgetAllocator {
    pub(crate) fn new(budget: Arc<MemoryBudget>, exhausted: Arc<AtomicBool>) -> Self {
        BudgetAllocator { budget, exhausted }
    }

    fn refuse(&self) -> *mut u8 {
        self.exhausted.store(true, Ordering::Relaxed);
        std::ptr::null_mut()
    }
}

// SAFETY: every pointer handed out comes from mimalloc and is released through it; `usable_size`
// is mimalloc's usable size of such a pointer.
unsafe impl Allocator for BudgetAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        if !self.budget.reserve(size) {
            return self.refuse();
        }
        // SAFETY: plain allocation.
        let ptr = unsafe { mi::mi_malloc(size) } as *mut u8;
        if ptr.is_null() {
            self.budget.release(size);
            return ptr;
        }
        // SAFETY: `ptr` was just returned by malloc.
        let usable = unsafe { mi::mi_usable_size(ptr.cast()) };
        self.settle(size, usable);
        ptr
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        let Some(total) = count.checked_mul(size) else {
            return std::ptr::null_mut();
        };
        if !self.budget.reserve(total) {
            return self.refuse();
        }
        // SAFETY: plain allocation.
        let ptr = unsafe { mi::mi_calloc(count, size) } as *mut u8;
        if ptr.is_null() {
            self.budget.release(total);
            return ptr;
        }
        // SAFETY: `ptr` was just returned by calloc.
        let usable = unsafe { mi::mi_usable_size(ptr.cast()) };
        self.settle(total, usable);
        ptr
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        // SAFETY: the caller passes a pointer from this allocator.
        let usable = unsafe { mi::mi_usable_size(ptr.cast()) };
        self.budget.release(usable);
        // SAFETY: as above.
        unsafe { mi::mi_free(ptr.cast()) }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        if ptr.is_null() {
            return self.alloc(new_size);
        }
        // SAFETY: the caller passes a pointer from this allocator.
        let old = unsafe { mi::mi_usable_size(ptr.cast()) };
        if new_size > old && !self.budget.reserve(new_size - old) {
            return self.refuse();
        }
        // SAFETY: as above; on failure the old block stays valid and counted.
        let out = unsafe { mi::mi_realloc(ptr.cast(), new_size) } as *mut u8;
        if out.is_null() {
            if new_size > old {
                self.budget.release(new_size - old);
            }
            return out;
        }
        // SAFETY: `out` was just returned by realloc.
        let usable = unsafe { mi::mi_usable_size(out.cast()) };
        // Counted so far: the old block plus what was reserved for growth.
        self.settle(new_size.max(old), usable);
        out
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: the caller passes a pointer from this allocator.
        unsafe { mi::mi_usable_size(ptr.cast()) }
    }
}

impl BudgetAllocator {
    /// The block holds `usable` bytes where `reserved` were counted: count the difference.
    fn settle(&self, reserved: usize, usable: usize) {
        if usable > reserved {
            self.budget
                .used
                .fetch_add(usable - reserved, Ordering::Relaxed);
        } else if reserved > usable {
            self.budget.release(reserved - usable);
        }
    }
}
