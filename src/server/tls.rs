//! TLS with rustls: a listener for the accept loop (an `axum::serve::Listener`) that
//! terminates TLS, and certificate reload on SIGHUP.
//!
//! Handshakes run in their own tasks (with a timeout, and at most `MAX_HANDSHAKES` at
//! once), so a slow or silent client never holds up accepting others. The acceptor
//! sits behind a lock that is read once per connection; SIGHUP re-reads the
//! certificate and key files and swaps it, and a failed reload keeps the previous
//! certificate (and logs why).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::Context;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

/// How long a client may take to complete the handshake (and a handshaken
/// connection may wait for the server to take it, at its connection cap).
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Handshakes under way at most; beyond, accepting pauses until one ends.
const MAX_HANDSHAKES: usize = 1024;

/// Paths of the PEM certificate chain and private key.
#[derive(Debug, Clone)]
pub struct TlsFiles {
    /// Certificate chain, leaf first.
    pub cert: PathBuf,
    /// Private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

impl TlsFiles {
    /// Reads both files and builds a rustls acceptor (HTTP/2 and HTTP/1.1 by ALPN).
    pub fn acceptor(&self) -> anyhow::Result<TlsAcceptor> {
        let certs = read_certs(&self.cert)?;
        let key = PrivateKeyDer::from_pem_file(&self.key)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("reading the TLS private key {}", self.key.display()))?;
        // An explicit provider: both rustls providers may be compiled in (dev builds),
        // and then rustls cannot pick a default on its own.
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .context("TLS protocol versions")?
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .with_context(|| {
                format!(
                    "the TLS certificate {} does not match the key {}",
                    self.cert.display(),
                    self.key.display()
                )
            })?;
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(TlsAcceptor::from(Arc::new(config)))
    }
}

fn read_certs(path: &Path) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let ctx = || format!("reading the TLS certificate {}", path.display());
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(ctx)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(ctx)?;
    if certs.is_empty() {
        anyhow::bail!("{}: no PEM certificate found", path.display());
    }
    Ok(certs)
}

/// A TCP listener that hands out TLS streams; implements [`axum::serve::Listener`].
pub struct TlsListener {
    rx: tokio::sync::mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl TlsListener {
    /// Starts accepting on `tcp`, terminating TLS with the certificate in `files`;
    /// SIGHUP reloads it.
    pub fn new(tcp: TcpListener, files: TlsFiles) -> anyhow::Result<TlsListener> {
        let acceptor = files.acceptor()?;
        TlsListener::with_hangup(tcp, files, acceptor, Hangup::install())
    }

    /// Like [`TlsListener::new`] with the acceptor built and a SIGHUP handler
    /// installed earlier (before the port was bound, so that no SIGHUP can arrive
    /// unhandled once it accepts).
    pub(crate) fn with_hangup(
        tcp: TcpListener,
        files: TlsFiles,
        acceptor: TlsAcceptor,
        hup: Hangup,
    ) -> anyhow::Result<TlsListener> {
        let acceptor = Arc::new(RwLock::new(acceptor));
        let local = tcp.local_addr()?;
        let (tx, rx) = tokio::sync::mpsc::channel(64);
        let accept = tokio::spawn(accept_loop(tcp, acceptor.clone(), tx));
        let reload = tokio::spawn(reload_on_sighup(files, acceptor, hup));
        Ok(TlsListener {
            rx,
            local,
            tasks: vec![accept, reload],
        })
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        // Dropped by the accept loop at shutdown: stop accepting at once.
        for t in &self.tasks {
            t.abort();
        }
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.rx.recv().await {
            Some(conn) => conn,
            // The accept task is gone (aborted at shutdown): accept nothing more.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.local)
    }
}

async fn accept_loop(
    tcp: TcpListener,
    acceptor: Arc<RwLock<TlsAcceptor>>,
    tx: tokio::sync::mpsc::Sender<(TlsStream<TcpStream>, SocketAddr)>,
) {
    let handshakes = Arc::new(tokio::sync::Semaphore::new(MAX_HANDSHAKES));
    loop {
        let Ok(slot) = handshakes.clone().acquire_owned().await else {
            return; // never closed
        };
        let (stream, peer) = match tcp.accept().await {
            Ok(c) => c,
            Err(e) => {
                // Out of file descriptors and the like: back off instead of spinning.
                tracing::warn!(error = %e, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let acc = match acceptor.read() {
            Ok(a) => a.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        let tx = tx.clone();
        tokio::spawn(async move {
            let _slot = slot;
            match tokio::time::timeout(HANDSHAKE_TIMEOUT, acc.accept(stream)).await {
                Ok(Ok(tls)) => {
                    let sent = tokio::time::timeout(HANDSHAKE_TIMEOUT, tx.send((tls, peer))).await;
                    if sent.is_err() {
                        tracing::debug!(%peer, "TLS connection dropped: the server is at its connection cap");
                    }
                }
                Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
                Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
            }
        });
    }
}

/// A SIGHUP handler, installed when created (the signal's default action, ending
/// the process, no longer applies from then on).
pub(crate) struct Hangup {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl Hangup {
    /// Installs the handler (must run inside the runtime).
    pub(crate) fn install() -> Hangup {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let signal = signal(SignalKind::hangup())
                .map_err(|e| tracing::warn!(error = %e, "cannot listen for SIGHUP"))
                .ok();
            Hangup { signal }
        }
        #[cfg(not(unix))]
        Hangup {}
    }

    /// Waits for the next SIGHUP; `false` when none can come.
    async fn recv(&mut self) -> bool {
        #[cfg(unix)]
        if let Some(s) = &mut self.signal {
            return s.recv().await.is_some();
        }
        false
    }
}

async fn reload_on_sighup(files: TlsFiles, acceptor: Arc<RwLock<TlsAcceptor>>, mut hup: Hangup) {
    while hup.recv().await {
        match files.acceptor() {
            Ok(new) => {
                match acceptor.write() {
                    Ok(mut a) => *a = new,
                    Err(poisoned) => *poisoned.into_inner() = new,
                }
                tracing::info!(cert = %files.cert.display(), "TLS certificate reloaded");
            }
            Err(e) => tracing::error!(
                error = format!("{e:#}"),
                "TLS certificate reload failed; keeping the previous certificate"
            ),
        }
    }
}

/// Without TLS there is nothing to reload, but SIGHUP must not end the server (its
/// default action): log and carry on.
pub(crate) async fn ignore_sighup(mut hup: Hangup) {
    while hup.recv().await {
        tracing::info!("SIGHUP: nothing to reload (TLS is not enabled)");
    }
}
