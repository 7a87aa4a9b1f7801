//! `evovoice-emulator`: runs the Evo Voice API emulator until Ctrl-C, SIGTERM, stdin EOF
//! (`--watch-stdin`) or `--max-lifetime`.
use std::io::Write;
use std::net::IpAddr;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use evovoice_emulator::{AuthStyle, Emulator, Options, User};

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Style {
    Thrown,
    Attribute,
}

/// A local emulator of the Evo Voice Sessions API (ServiceStack semantics).
#[derive(Parser, Debug)]
#[command(name = "evovoice-emulator", version)]
struct Cli {
    /// Port to listen on (0 picks a free port; the real one is printed).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Number of deterministic seed sessions to generate.
    #[arg(long, default_value_t = 0)]
    seed: usize,
    /// API key / bearer token of the default user (default evovoice-dev-token).
    #[arg(long)]
    token: Option<String>,
    /// User name of the default user (default dev@evovoice.local).
    #[arg(long)]
    user: Option<String>,
    /// Password of the default user (default dev).
    #[arg(long)]
    password: Option<String>,
    /// Extra CORS origin to allow (repeatable; `*` allows any). Local origins are always allowed.
    #[arg(long = "allow-origin")]
    allow_origin: Vec<String>,
    /// How 401/403 look: thrown (JSON bodies) or attribute (empty 401 + WWW-Authenticate, text 403).
    #[arg(long, value_enum, default_value = "thrown")]
    auth_style: Style,
    /// Honour fault-injection requests (header `X-Evovoice-Fault` or query `__fault`; see README).
    #[arg(long)]
    faults: bool,
    /// Exit when stdin reaches end of file (for test harnesses that spawn it with a pipe).
    #[arg(long)]
    watch_stdin: bool,
    /// Exit after this many seconds.
    #[arg(long)]
    max_lifetime: Option<u64>,
}

fn main() {
    let cli = Cli::parse();
    let mut users = User::defaults();
    if let Some(t) = cli.token {
        users[0].api_key = Some(t);
    }
    if let Some(u) = cli.user {
        users[0].user_name = u;
    }
    if let Some(p) = cli.password {
        users[0].password = p;
    }
    let opts = Options {
        host: cli.host,
        port: cli.port,
        seed: cli.seed,
        users,
        allowed_origins: cli.allow_origin,
        auth_style: match cli.auth_style {
            Style::Thrown => AuthStyle::Thrown,
            Style::Attribute => AuthStyle::Attribute,
        },
        faults: cli.faults,
    };
    let emu = match Emulator::start_background(opts) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("evovoice-emulator: cannot listen on {}:{}: {e}", cli.host, cli.port);
            std::process::exit(1);
        }
    };
    println!("listening on {}", emu.url());
    let _ = std::io::stdout().flush();

    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("evovoice-emulator: {e}");
            std::process::exit(1);
        }
    };
    let watch_stdin = cli.watch_stdin;
    let lifetime = cli.max_lifetime;
    rt.block_on(async move {
        let stdin_eof = async {
            if watch_stdin {
                use tokio::io::AsyncReadExt;
                let mut stdin = tokio::io::stdin();
                let mut buf = [0u8; 1024];
                while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
            } else {
                std::future::pending::<()>().await;
            }
        };
        let deadline = async {
            match lifetime {
                Some(s) => tokio::time::sleep(Duration::from_secs(s)).await,
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate() => {}
            _ = stdin_eof => {}
            _ = deadline => {}
        }
    });
    // Reading stdin may leave a blocking thread behind; don't wait for it.
    rt.shutdown_background();
    emu.shutdown();
}

#[cfg(unix)]
async fn terminate() {
    match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(mut s) => {
            s.recv().await;
        }
        Err(_) => std::future::pending::<()>().await,
    }
}

#[cfg(not(unix))]
async fn terminate() {
    std::future::pending::<()>().await
}
