//! Starts and stops Prism (`@stoplight/prism-cli`, pinned in `tools/node`) for one test.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Prism may take to start listening.
const READY_TIMEOUT: Duration = Duration::from_secs(90);

/// A running Prism mock server; it is killed (by process id) when this is dropped, also when
/// the test panics.
pub struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Prism {
    /// The Prism executable: `CLIENTGEN_PRISM` if set, else the repository's pinned install.
    pub fn executable() -> PathBuf {
        match std::env::var_os("CLIENTGEN_PRISM") {
            Some(path) => PathBuf::from(path),
            None => repo_root().join("tools/node/node_modules/.bin/prism"),
        }
    }

    /// Starts `prism mock` for `spec` on 127.0.0.1 and waits until it accepts connections.
    /// Panics, saying how to install Prism, when it is missing, and with its log when it fails
    /// to start: a conformance test must never pass because the judge was absent.
    pub fn start(spec: impl AsRef<Path>) -> Prism {
        match Prism::try_start(spec.as_ref()) {
            Ok(prism) => prism,
            Err(message) => panic!("{message}"),
        }
    }

    /// Like [`start`](Self::start), returning the problem instead of panicking.
    pub fn try_start(spec: &Path) -> Result<Prism, String> {
        Prism::try_start_with(&Prism::executable(), spec)
    }

    /// Like [`try_start`](Self::try_start) with a given Prism executable.
    pub fn try_start_with(executable: &Path, spec: &Path) -> Result<Prism, String> {
        if !executable.exists() {
            return Err(format!(
                "Prism is not installed (looked for {}).\nInstall the pinned tools with `cargo xtask install-tools` \
                 (it runs `npm ci --prefix tools/node`), or point CLIENTGEN_PRISM at a prism executable.",
                executable.display()
            ));
        }
        let port = free_port().map_err(|e| format!("no free loopback port: {e}"))?;
        let log =
            std::env::temp_dir().join(format!("clientgen-prism-{}-{port}.log", std::process::id()));
        let log_file = std::fs::File::create(&log)
            .map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let errors = log_file.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(executable)
            // Static answers come from the spec's examples; dynamic ones (asked for per request with
            // `Prefer: dynamic=true`) are generated from the schema, the same way on every run.
            .args([
                "mock",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--seed",
                "clientgen",
            ])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(errors)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", executable.display()))?;
        let mut prism = Prism { child, port, log };
        prism.wait_until_ready()?;
        Ok(prism)
    }

    /// The base URL to give the client (`http://127.0.0.1:<port>`); Prism serves the spec's
    /// paths at the root, without the servers' base paths.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Prism's output so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_until_ready(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let address = SocketAddr::from(([127, 0, 0, 1], self.port));
        while started.elapsed() < READY_TIMEOUT {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "Prism exited with {status} before it was ready:\n{}",
                    self.log()
                ));
            }
            if let Ok(mut stream) = TcpStream::connect_timeout(&address, Duration::from_millis(200))
            {
                // Listening is not yet serving: ask for a page and wait for any HTTP answer.
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let request = format!("GET /__clientgen_ready HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", self.port);
                let mut answer = [0u8; 12];
                if stream.write_all(request.as_bytes()).is_ok()
                    && stream.read(&mut answer).is_ok_and(|n| n > 0)
                    && answer.starts_with(b"HTTP/")
                {
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Err(format!(
            "Prism did not answer within {READY_TIMEOUT:?}:\n{}",
            self.log()
        ))
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    Ok(listener.local_addr()?.port())
}

/// The repository root (this crate is `testkit/` in it).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}
