//! The long connection's frames: the SDKs' `pbbp2.proto` (proto2), one frame per binary
//! WebSocket message.
//!
//! VENDOR: the four numeric fields are `required`, so they are encoded even when zero. The Node
//! SDK's decoder throws on a frame without them, and the Python SDK acknowledges an event by
//! re-serialising the frame it received, which fails (so no ack is ever sent) when one is
//! missing. prost's `required` label keeps zeros on the wire; a proto3-style field would drop
//! them.

use prost::Message;

/// `method` of a control frame (ping, pong).
pub const CONTROL: i32 = 0;
/// `method` of a data frame (an event, and the client's ack of it).
pub const DATA: i32 = 1;

/// Header keys and `type` values the SDKs read (`ws/const.py`, `ws/enum.py`).
pub const TYPE: &str = "type";
pub const MESSAGE_ID: &str = "message_id";
pub const SUM: &str = "sum";
pub const SEQ: &str = "seq";
pub const TRACE_ID: &str = "trace_id";
pub const PING: &str = "ping";
pub const PONG: &str = "pong";
pub const EVENT: &str = "event";

#[derive(Clone, PartialEq, Eq, Message)]
pub struct Header {
    #[prost(string, required, tag = "1")]
    pub key: String,
    #[prost(string, required, tag = "2")]
    pub value: String,
}

/// A frame. Fields 6, 7 and 9 of the schema (`payload_encoding`, `payload_type`, `LogIDNew`)
/// are neither sent nor read by either SDK, so they are left out: the decoder skips them.
#[derive(Clone, PartialEq, Eq, Message)]
pub struct Frame {
    #[prost(uint64, required, tag = "1")]
    pub seq_id: u64,
    #[prost(uint64, required, tag = "2")]
    pub log_id: u64,
    #[prost(int32, required, tag = "3")]
    pub service: i32,
    #[prost(int32, required, tag = "4")]
    pub method: i32,
    #[prost(message, repeated, tag = "5")]
    pub headers: Vec<Header>,
    #[prost(bytes = "vec", optional, tag = "8")]
    pub payload: Option<Vec<u8>>,
}

impl Frame {
    /// The value of the header `key`, if the frame has it.
    pub fn header(&self, key: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|header| header.key == key)
            .map(|header| header.value.as_str())
    }

    /// The answer to a client's ping. VENDOR: both SDKs replace all four of their settings with
    /// a pong's payload, so it always carries the whole `ClientConfig` JSON.
    pub fn pong(service: i32, client_config_json: Vec<u8>) -> Self {
        Self {
            seq_id: 0,
            log_id: 0,
            service,
            method: CONTROL,
            headers: vec![header(TYPE, PONG)],
            payload: Some(client_config_json),
        }
    }
}

fn header(key: &str, value: &str) -> Header {
    Header {
        key: key.to_owned(),
        value: value.to_owned(),
    }
}

/// One delivery attempt of an event, as it goes on the wire.
pub struct Delivery<'a> {
    pub service: i32,
    /// Fresh for every attempt. VENDOR: the Python SDK keeps a completed reassembly under its
    /// message_id for 5 s, so a reused one could complete at once with the old parts.
    pub message_id: &'a str,
    pub trace_id: &'a str,
    pub log_id: u64,
    /// At most this many payload bytes per frame. VENDOR: the Python SDK refuses WebSocket
    /// messages over 1 MiB, so large envelopes are split and reassembled by `message_id`.
    pub fragment_bytes: usize,
}

impl Delivery<'_> {
    /// The data frames carrying `payload` (the event's plain JSON envelope: neither SDK
    /// decrypts or decompresses on this path), in order. Every frame has the five headers both
    /// SDKs require: `sum` fragments numbered by a 0-based `seq`, as decimal strings. Their
    /// `SeqID`s are 0, for the connection to number.
    pub fn frames(&self, payload: &[u8]) -> Vec<Frame> {
        let fragments: Vec<&[u8]> = if payload.is_empty() {
            vec![payload]
        } else {
            payload.chunks(self.fragment_bytes.max(1)).collect()
        };
        let sum = fragments.len().to_string();
        fragments
            .into_iter()
            .enumerate()
            .map(|(seq, fragment)| Frame {
                seq_id: 0,
                log_id: self.log_id,
                service: self.service,
                method: DATA,
                headers: vec![
                    header(TYPE, EVENT),
                    header(MESSAGE_ID, self.message_id),
                    header(SUM, &sum),
                    header(SEQ, &seq.to_string()),
                    header(TRACE_ID, self.trace_id),
                ],
                payload: Some(fragment.to_vec()),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn unhex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The bytes the Python SDK's protobuf writes for its ping (service 33554678): SeqID and
    /// LogID are on the wire as zeros.
    const PYTHON_PING: &str = "0800100018f681801020002a0c0a0474797065120470696e67";

    #[test]
    fn a_python_ping_decodes() {
        let ping = Frame::decode(unhex(PYTHON_PING).as_slice()).unwrap();
        assert_eq!((ping.seq_id, ping.log_id), (0, 0));
        assert_eq!((ping.service, ping.method), (33554678, CONTROL));
        assert_eq!(ping.header(TYPE), Some(PING));
        assert_eq!(ping.payload, None);
        assert_eq!(
            hex(&ping.encode_to_vec()),
            PYTHON_PING,
            "re-encoded byte for byte"
        );
    }

    #[test]
    fn required_zero_fields_are_on_the_wire() {
        let frame = Frame {
            seq_id: 0,
            log_id: 0,
            service: 0,
            method: 0,
            headers: vec![header("", "")],
            payload: None,
        };
        // Tags 1-4 as varint 0, then header (tag 5) with its empty key and value present.
        assert_eq!(hex(&frame.encode_to_vec()), "08001000180020002a040a001200");
    }

    /// What the Python SDK's protobuf writes for a pong of service 7 with this payload.
    const PYTHON_PONG: &str =
        "08001000180720002a0c0a04747970651204706f6e6742127b2250696e67496e74657276616c223a317d";

    #[test]
    fn a_pong_is_encoded_as_the_sdks_encode_it() {
        let pong = Frame::pong(7, br#"{"PingInterval":1}"#.to_vec());
        assert_eq!(hex(&pong.encode_to_vec()), PYTHON_PONG);
    }

    fn delivery(fragment_bytes: usize) -> Delivery<'static> {
        Delivery {
            service: 9,
            message_id: "m1",
            trace_id: "t1",
            log_id: 4,
            fragment_bytes,
        }
    }

    #[test]
    fn a_small_event_is_one_frame_with_the_five_headers() {
        let frames = delivery(1024).frames(b"{\"schema\":\"2.0\"}");
        assert_eq!(frames.len(), 1);
        let frame = &frames[0];
        assert_eq!((frame.method, frame.service, frame.log_id), (DATA, 9, 4));
        let headers: Vec<(&str, &str)> = frame
            .headers
            .iter()
            .map(|h| (h.key.as_str(), h.value.as_str()))
            .collect();
        assert_eq!(
            headers,
            [
                ("type", "event"),
                ("message_id", "m1"),
                ("sum", "1"),
                ("seq", "0"),
                ("trace_id", "t1")
            ]
        );
        assert_eq!(frame.payload.as_deref(), Some(&b"{\"schema\":\"2.0\"}"[..]));
    }

    #[test]
    fn a_large_event_is_split_and_its_parts_join() {
        let payload: Vec<u8> = (0..2500u32).map(|i| (i % 251) as u8).collect();
        let frames = delivery(1000).frames(&payload);
        assert_eq!(frames.len(), 3);
        for (seq, frame) in frames.iter().enumerate() {
            assert_eq!(frame.header(SUM), Some("3"));
            assert_eq!(frame.header(SEQ), Some(seq.to_string().as_str()));
            assert_eq!(frame.header(MESSAGE_ID), Some("m1"));
            let round_trip = Frame::decode(frame.encode_to_vec().as_slice()).unwrap();
            assert_eq!(&round_trip, frame);
        }
        let joined: Vec<u8> = frames
            .iter()
            .flat_map(|frame| frame.payload.clone().unwrap())
            .collect();
        assert_eq!(joined, payload);
    }
}
