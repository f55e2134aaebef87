//! Hands a request body's batches to the disk: one short blocking task at a time
//! writes them, in order, for as long as there are batches waiting, and gives the
//! writer back when there are none.
//!
//! A blocking task per batch cost a hand-off to the pool and back for every MiB (a
//! chunked 512 MiB push made twice the futex calls and context switches of a writer
//! thread per request, and ran slower); a thread per request fed by a channel would
//! wait on the client. Here the task never waits: it ends when the queue is empty, and
//! the next batch starts a new one. When the network is faster than the disk, as on
//! loopback, a whole request is one task.

use std::collections::VecDeque;
use std::io;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use tokio::sync::Notify;

use crate::storage::UploadWriter;

/// One request's writer and the batches queued for it.
pub(super) struct Drain {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    /// Signalled when the writing task takes a batch or ends (one waiter: the request).
    progress: Notify,
}

struct State {
    /// Batches received and not yet taken by the writing task; `true` marks the last,
    /// after which the writer is flushed.
    queue: VecDeque<(Vec<Bytes>, bool)>,
    /// The writer, while no task holds it.
    writer: Option<Box<UploadWriter>>,
    /// Whether a task is writing.
    busy: bool,
    /// Bytes written so far.
    written: u64,
    /// The write (or flush) that failed; nothing queued after it is written.
    failed: Option<io::Error>,
    /// The writing task panicked: the writer is gone.
    lost: bool,
}

/// What became of the batches once all were written: the writer, or `None` if a task
/// panicked with it; the bytes written; the first write error.
pub(super) type Drained = (Option<UploadWriter>, u64, Option<io::Error>);

impl Drain {
    /// Starts with the writer idle.
    pub(super) fn new(w: UploadWriter) -> Drain {
        let state = State {
            queue: VecDeque::new(),
            writer: Some(Box::new(w)),
            busy: false,
            written: 0,
            failed: None,
            lost: false,
        };
        Drain {
            shared: Arc::new(Shared {
                state: Mutex::new(state),
                progress: Notify::new(),
            }),
        }
    }

    /// Queues a batch (`last`: flush after it). Waits first until the batch before
    /// it was taken, so at most two are in memory: one being written, one waiting.
    /// `false` if a write failed already (this batch is dropped).
    pub(super) async fn send(&self, batch: Vec<Bytes>, last: bool) -> bool {
        self.wait_until(|s| s.queue.is_empty() || s.failed.is_some() || s.lost)
            .await;
        let mut s = self.shared.lock();
        if s.failed.is_some() || s.lost {
            return false;
        }
        s.queue.push_back((batch, last));
        if !s.busy {
            if let Some(w) = s.writer.take() {
                s.busy = true;
                let shared = self.shared.clone();
                drop(s);
                tokio::task::spawn_blocking(move || shared.run(w));
            }
        }
        true
    }

    /// Waits until every queued batch is written (or a write failed) and returns the
    /// outcome.
    pub(super) async fn finish(self) -> Drained {
        self.wait_until(|s| !s.busy).await;
        let mut s = self.shared.lock();
        (s.writer.take().map(|w| *w), s.written, s.failed.take())
    }

    async fn wait_until(&self, done: impl Fn(&State) -> bool) {
        loop {
            // Registered before the check: a signal in between is not lost.
            let signalled = self.shared.progress.notified();
            if done(&self.shared.lock()) {
                return;
            }
            signalled.await;
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The writing task: takes batches until none is left, then puts the writer back.
    fn run(&self, mut w: Box<UploadWriter>) {
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(move || loop {
            let next = self.lock().queue.pop_front();
            let Some((batch, last)) = next else {
                // Checked again under the lock that puts the writer back, so a batch
                // queued meanwhile is never left without a task.
                let mut s = self.lock();
                if s.queue.is_empty() {
                    s.writer = Some(w);
                    s.busy = false;
                    return;
                }
                continue;
            };
            self.progress.notify_one();
            match write_batch(&mut w, batch, last) {
                Ok(n) => self.lock().written += n,
                Err(e) => {
                    let mut s = self.lock();
                    s.failed = Some(e);
                    s.queue.clear();
                    s.writer = Some(w);
                    s.busy = false;
                    return;
                }
            }
        }));
        if outcome.is_err() {
            let mut s = self.lock();
            s.lost = true;
            s.queue.clear();
            s.busy = false;
        }
        self.progress.notify_one();
    }
}

/// Hashes and writes one batch (and flushes, for the last).
fn write_batch(w: &mut UploadWriter, batch: Vec<Bytes>, last: bool) -> io::Result<u64> {
    let mut n = 0u64;
    for chunk in batch {
        w.write(&chunk)?;
        n += chunk.len() as u64;
    }
    // A request ending in a chunk checkpoints or commits next, which flushes where
    // needed; flushing here surfaces write errors as the body's. Object storage's
    // commit takes the bytes from the writer's memory: a flush would cost two
    // requests that the commit then undoes.
    if last && !w.commits_directly() {
        w.flush()?;
    }
    Ok(n)
}
