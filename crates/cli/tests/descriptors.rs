//! `fnhost serve` started with few file descriptors (`ulimit -n 128`) and flooded with silent
//! connections: the connection cap (lowered to fit the descriptor limit) closes the excess at
//! once, so the accept loop neither runs out of descriptors nor spins, and the server answers
//! again as soon as the flood ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// CPU time (user + system, in clock ticks) the process has used so far.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

fn healthz(addr: &str) -> Option<String> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    s.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

#[test]
fn a_connection_flood_at_the_descriptor_limit_neither_spins_nor_wedges() {
    let dir = std::env::temp_dir().join(format!("fnhost-fd-{}", std::process::id()));
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 128 && exec '{}' serve",
            env!("CARGO_BIN_EXE_fnhost")
        ))
        .env("FNHOST_LISTEN", "127.0.0.1:0")
        .env("FNHOST_DATA_DIR", &dir)
        .env("FNHOST_BOOTSTRAP_PASSWORD", "fd-password")
        .env("FNHOST_READ_TIMEOUT_MS", "30000")
        .env("FNHOST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("fnhost starts");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines.next().expect("fnhost announces its address").unwrap();
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.split_whitespace().next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    assert!(healthz(&addr).unwrap().starts_with("HTTP/1.1 200"));

    // 400 silent connections: far more than 128 descriptors.
    let flood: Vec<TcpStream> = (0..400)
        .filter_map(|_| TcpStream::connect(&addr).ok())
        .collect();
    assert!(flood.len() > 200, "the kernel accepted the connections");
    let pid = child.id();
    let before = cpu_ticks(pid);
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs(2));
    let used = (cpu_ticks(pid) - before) as f64 / 100.0 / started.elapsed().as_secs_f64();
    assert!(
        used < 0.3,
        "the server used {:.0}% of a core while flooded",
        used * 100.0
    );
    // Connections beyond the cap were closed by the server (EOF or reset), not kept open.
    let closed = flood
        .iter()
        .filter(|s| {
            let mut s = *s;
            s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
            match s.read(&mut [0u8; 1]) {
                Ok(0) => true,
                Ok(_) => false,
                Err(e) => !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
            }
        })
        .count();
    assert!(
        closed >= flood.len() - 128,
        "only {closed} of {} connections were closed",
        flood.len()
    );
    drop(flood);
    // The server answers again at once.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if healthz(&addr).is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not recover after the flood"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(dir);
}
