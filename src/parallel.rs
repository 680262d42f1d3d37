//! A map over `0..count` on every core, results in order: reports load and index
//! independently, and the project's machines have two cores, so no thread pool is kept.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f(0), f(1), … f(count - 1)`, computed on up to as many threads as there are cores
/// (each takes the next index when it is done, so a slow item does not hold up a batch).
pub fn parallel_map<T: Send>(count: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(count);
    if threads <= 1 {
        return (0..count).map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return done;
            }
            done.push((i, f(i)));
        }
    };
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut all = work();
        for worker in workers {
            // A worker that panicked has lost its items; resuming the panic here keeps
            // the crash handler's message instead of returning a short list.
            match worker.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, value)| value).collect()
}

#[cfg(test)]
mod tests {
    use super::parallel_map;

    #[test]
    fn results_come_in_order_whatever_thread_computed_them() {
        let squares = parallel_map(1000, |i| i * i);
        assert_eq!(squares, (0..1000).map(|i| i * i).collect::<Vec<_>>());
        assert!(parallel_map(0, |i| i).is_empty());
    }
}
