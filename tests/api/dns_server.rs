//! A minimal authoritative DNS server on loopback UDP: TXT answers from a map the test
//! changes while the server runs, NXDOMAIN for any name not in the map. Enough of
//! RFC 1035 for domain verification, nothing more (no TCP, no EDNS, no other types).

use std::{
    collections::HashMap,
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use tokio::{net::UdpSocket, task::JoinHandle};

/// TXT values by lower-case name without the trailing dot.
type Records = Arc<Mutex<HashMap<String, Vec<String>>>>;

const TYPE_TXT: u16 = 16;
const CLASS_IN: u16 = 1;
const FLAG_QR: u16 = 0x8000;
const FLAG_AA: u16 = 0x0400;
/// Opcode and RD are echoed from the query, as resolvers expect.
const ECHOED_FLAGS: u16 = 0x7900;
const RCODE_NXDOMAIN: u16 = 3;
/// A compression pointer to the question's name, which always starts right after the header.
const NAME_POINTER: [u8; 2] = [0xC0, 12];

/// A running server; it stops when dropped.
pub struct DnsServer {
    pub addr: SocketAddr,
    records: Records,
    task: JoinHandle<()>,
}

impl DnsServer {
    /// Binds 127.0.0.1 on a free UDP port and answers until dropped.
    pub async fn start() -> Self {
        let socket = UdpSocket::bind("127.0.0.1:0").await.expect("bind a UDP port for DNS");
        let addr = socket.local_addr().expect("bound DNS address");
        let records = Records::default();
        let shared = records.clone();
        let task = tokio::spawn(async move {
            let mut buf = [0u8; 512];
            loop {
                let Ok((len, peer)) = socket.recv_from(&mut buf).await else { continue };
                let reply = {
                    let map = shared.lock().expect("DNS records lock");
                    answer(&buf[..len], &map)
                };
                // Malformed queries get no answer, as a real server may do; the client times out.
                if let Some(reply) = reply {
                    let _ = socket.send_to(&reply, peer).await;
                }
            }
        });
        Self { addr, records, task }
    }

    /// Publishes `values` as the TXT records of `name`, replacing what was there.
    pub fn set_txt(&self, name: &str, values: &[&str]) {
        let values = values.iter().map(|v| v.to_string()).collect();
        self.records.lock().expect("DNS records lock").insert(name.to_ascii_lowercase(), values);
    }
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The reply to one query message, or `None` when it cannot be parsed.
fn answer(query: &[u8], records: &HashMap<String, Vec<String>>) -> Option<Vec<u8>> {
    let header = query.get(..12)?;
    let question_count = u16::from_be_bytes([header[4], header[5]]);
    if question_count != 1 {
        return None;
    }
    let (name, name_end) = parse_name(query, 12)?;
    let fixed = query.get(name_end..name_end + 4)?;
    let qtype = u16::from_be_bytes([fixed[0], fixed[1]]);
    let question = &query[12..name_end + 4];

    let found = records.get(&name);
    let values: &[String] = match found {
        Some(values) if qtype == TYPE_TXT => values,
        _ => &[],
    };
    let rcode = if found.is_some() { 0 } else { RCODE_NXDOMAIN };
    let flags = FLAG_QR | FLAG_AA | (u16::from_be_bytes([header[2], header[3]]) & ECHOED_FLAGS) | rcode;

    let mut out = Vec::with_capacity(512);
    out.extend_from_slice(&header[..2]); // the query's id
    out.extend_from_slice(&flags.to_be_bytes());
    out.extend_from_slice(&1u16.to_be_bytes()); // questions
    out.extend_from_slice(&u16::try_from(values.len()).ok()?.to_be_bytes()); // answers
    out.extend_from_slice(&[0, 0, 0, 0]); // authority and additional records
    out.extend_from_slice(question);
    for value in values {
        let rdata = character_strings(value.as_bytes());
        out.extend_from_slice(&NAME_POINTER);
        out.extend_from_slice(&TYPE_TXT.to_be_bytes());
        out.extend_from_slice(&CLASS_IN.to_be_bytes());
        out.extend_from_slice(&0u32.to_be_bytes()); // TTL 0: tests change records at will
        out.extend_from_slice(&u16::try_from(rdata.len()).ok()?.to_be_bytes());
        out.extend_from_slice(&rdata);
    }
    Some(out)
}

/// The dotted, lower-case name starting at `pos`, and where it ends. Queries carry names
/// uncompressed, so a compression pointer here is refused rather than followed.
fn parse_name(msg: &[u8], mut pos: usize) -> Option<(String, usize)> {
    let mut labels = Vec::new();
    loop {
        let len = usize::from(*msg.get(pos)?);
        pos += 1;
        if len == 0 {
            return Some((labels.join("."), pos));
        }
        if len > 63 {
            return None;
        }
        let label = msg.get(pos..pos + len)?;
        labels.push(String::from_utf8_lossy(label).to_ascii_lowercase());
        pos += len;
    }
}

/// TXT RDATA: the value as length-prefixed strings of at most 255 bytes each.
fn character_strings(value: &[u8]) -> Vec<u8> {
    if value.is_empty() {
        return vec![0];
    }
    let mut out = Vec::with_capacity(value.len() + value.len() / 255 + 1);
    for chunk in value.chunks(255) {
        out.push(chunk.len() as u8);
        out.extend_from_slice(chunk);
    }
    out
}
