//! Independent work spread over threads (the specs of a run, the files of
//! a spec's crates), its results in input order so the output never depends on
//! which thread finished first; and work given a thread of its own, so
//! that the memory it frees serves the threads after it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::{Scope, ScopedJoinHandle};

/// The stack of each thread: as deep as the generator's recursion over a
/// deeply nested spec may go (the corpus runs the generator with this).
const STACK: usize = 256 << 20;

/// `f` of each item, computed by up to one thread per core.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let workers = cores.min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        let work = || {
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else { break };
                let result = f(item);
                *results[index].lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(result);
            }
        };
        let handles: Vec<_> = (0..workers).map(|_| spawn(scope, work)).collect();
        handles.into_iter().for_each(joined);
    });
    results
        .into_iter()
        .map(|slot| slot.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner).expect("every item was done"))
        .collect()
}

/// `f`, computed on a thread of its own. What it frees goes back to the
/// allocator for every thread when that thread ends: the allocator keeps
/// the pages a live thread freed for that thread's own later use.
pub(crate) fn on_own_thread<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    std::thread::scope(|scope| joined(spawn(scope, f)))
}

/// Drop `first` on a thread of its own while `second` is dropped here.
pub(crate) fn drop_together<A: Send, B>(first: A, second: B) {
    std::thread::scope(|scope| {
        let handle = spawn(scope, move || drop(first));
        drop(second);
        joined(handle);
    });
}

/// A thread of `scope` computing `f`, with the stack of [`STACK`].
fn spawn<'scope, R: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    f: impl FnOnce() -> R + Send + 'scope,
) -> ScopedJoinHandle<'scope, R> {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn_scoped(scope, f)
        .unwrap_or_else(|error| panic!("cannot start a worker thread: {error}"))
}

/// What the thread of `handle` computed; its panic goes on here.
fn joined<R>(handle: ScopedJoinHandle<'_, R>) -> R {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..64).collect();
        // Uneven work, so threads finish out of order.
        let squares = super::map(&items, |&n| {
            std::thread::sleep(std::time::Duration::from_micros((64 - n) * 50));
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u8], |_| ()).is_empty());
    }

    #[test]
    fn a_result_or_a_panic_comes_back_from_its_own_thread() {
        let caller = std::thread::current().id();
        assert_ne!(super::on_own_thread(|| std::thread::current().id()), caller);
        let panic = std::panic::catch_unwind(|| super::on_own_thread(|| panic!("in the thread")));
        assert_eq!(panic.expect_err("panicked").downcast_ref::<&str>(), Some(&"in the thread"));
    }
}
