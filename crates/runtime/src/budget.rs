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

/// What one instance's heap holds now and the most it held since the gauge was last
/// [`HeapGauge::restart`]ed: an allocation that fails for the instance's own limit leaves a peak
/// near that limit even when the collector has freed the heap by the time the call is judged.
#[derive(Debug, Default)]
pub(crate) struct HeapGauge {
    held: AtomicUsize,
    peak: AtomicUsize,
}

// One writer: the instance's allocator, which QuickJS calls only under its runtime lock; so
// plain loads and stores (no read-modify-write instructions on the allocation path). Others only
// read, after a call.
impl HeapGauge {
    fn add(&self, n: usize) {
        let held = self.held.load(Ordering::Relaxed) + n;
        self.held.store(held, Ordering::Relaxed);
        if held > self.peak.load(Ordering::Relaxed) {
            self.peak.store(held, Ordering::Relaxed);
        }
    }

    fn sub(&self, n: usize) {
        let held = self.held.load(Ordering::Relaxed).saturating_sub(n);
        self.held.store(held, Ordering::Relaxed);
    }

    /// Starts a new peak from what is held now (at the start of a call).
    pub(crate) fn restart(&self) {
        self.peak
            .store(self.held.load(Ordering::Relaxed), Ordering::Relaxed);
    }

    /// The most the heap held since the last restart.
    pub(crate) fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }
}

/// Bytes an instance takes from (or gives back to) the process budget at a time, so that most
/// allocations touch only the instance's own count.
const CHUNK: usize = 32 << 10;

/// The allocator of one instance's QuickJS runtime: mimalloc (an instance moves between executor
/// threads; mimalloc frees a block made on another thread without a lock), counted against the
/// budget. It holds a small credit taken from the budget in [`CHUNK`]s (at most two chunks
/// unused), so the shared counter is touched once per tens of allocations, not on each.
pub(crate) struct BudgetAllocator {
    budget: Arc<MemoryBudget>,
    /// Set when an allocation failed because of the budget (not the instance's own limit).
    exhausted: Arc<AtomicBool>,
    /// Bytes taken from the budget and not in use by this instance.
    credit: usize,
    /// This instance's own use.
    gauge: Arc<HeapGauge>,
}

impl BudgetAllocator {
    pub(crate) fn new(
        budget: Arc<MemoryBudget>,
        exhausted: Arc<AtomicBool>,
        gauge: Arc<HeapGauge>,
    ) -> Self {
        BudgetAllocator {
            budget,
            exhausted,
            credit: 0,
            gauge,
        }
    }

    /// Counts `n` more bytes in use; `false` (and the budget marked exhausted) when they do not fit.
    fn take(&mut self, n: usize) -> bool {
        let ok = self.take_credit(n);
        if ok {
            self.gauge.add(n);
        }
        ok
    }

    fn take_credit(&mut self, n: usize) -> bool {
        if self.credit >= n {
            self.credit -= n;
            return true;
        }
        let missing = n - self.credit;
        let reserved = missing.max(CHUNK);
        if self.budget.reserve(reserved) {
            // credit + reserved >= credit + missing = n
            self.credit = self.credit + reserved - n;
            return true;
        }
        if self.budget.reserve(missing) {
            self.credit = 0;
            return true;
        }
        self.exhausted.store(true, Ordering::Relaxed);
        false
    }

    /// Counts `n` bytes no longer in use.
    fn give(&mut self, n: usize) {
        self.gauge.sub(n);
        self.credit += n;
        if self.credit > 2 * CHUNK {
            self.budget.release(self.credit - CHUNK);
            self.credit = CHUNK;
        }
    }
}

impl Drop for BudgetAllocator {
    fn drop(&mut self) {
        self.budget.release(self.credit);
    }
}

// SAFETY: every pointer handed out comes from mimalloc and is released through it; `usable_size`
// is mimalloc's usable size of such a pointer. Counts use each block's usable size, at allocation
// and at release alike.
unsafe impl Allocator for BudgetAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        // SAFETY: plain allocation.
        let ptr = unsafe { mi::mi_malloc(size) } as *mut u8;
        self.admit(ptr)
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        // SAFETY: plain allocation (mimalloc checks `count * size` for overflow).
        let ptr = unsafe { mi::mi_calloc(count, size) } as *mut u8;
        self.admit(ptr)
    }

    unsafe fn dealloc(&mut self, ptr: *mut u8) {
        // SAFETY: the caller passes a pointer from this allocator.
        let usable = unsafe { mi::mi_usable_size(ptr.cast()) };
        self.give(usable);
        // SAFETY: as above.
        unsafe { mi::mi_free(ptr.cast()) }
    }

    unsafe fn realloc(&mut self, ptr: *mut u8, new_size: usize) -> *mut u8 {
        if ptr.is_null() {
            return self.alloc(new_size);
        }
        // SAFETY: the caller passes a pointer from this allocator.
        let old = unsafe { mi::mi_usable_size(ptr.cast()) };
        // What the grown block will really hold, counted before it is made.
        // SAFETY: a pure size computation.
        let want = unsafe { mi::mi_good_size(new_size) }.max(new_size);
        if want > old && !self.take(want - old) {
            return std::ptr::null_mut();
        }
        // SAFETY: as above; on failure the old block stays valid and counted.
        let out = unsafe { mi::mi_realloc(ptr.cast(), new_size) } as *mut u8;
        let counted = old.max(want);
        if out.is_null() {
            self.give(counted - old);
            return out;
        }
        // SAFETY: `out` was just returned by realloc.
        let usable = unsafe { mi::mi_usable_size(out.cast()) };
        if usable > counted {
            if !self.take(usable - counted) {
                // Not expected (the size was counted ahead); the block is made, so count it.
                self.budget
                    .used
                    .fetch_add(usable - counted, Ordering::Relaxed);
                self.gauge.add(usable - counted);
            }
        } else {
            self.give(counted - usable);
        }
        out
    }

    unsafe fn usable_size(ptr: *mut u8) -> usize {
        // SAFETY: the caller passes a pointer from this allocator.
        unsafe { mi::mi_usable_size(ptr.cast()) }
    }
}

impl BudgetAllocator {
    /// Counts a block just made, or frees it again when it does not fit in the budget.
    fn admit(&mut self, ptr: *mut u8) -> *mut u8 {
        if ptr.is_null() {
            return ptr;
        }
        // SAFETY: `ptr` was just returned by mimalloc.
        let usable = unsafe { mi::mi_usable_size(ptr.cast()) };
        if self.take(usable) {
            ptr
        } else {
            // SAFETY: as above; never handed out.
            unsafe { mi::mi_free(ptr.cast()) };
            std::ptr::null_mut()
        }
    }
}
