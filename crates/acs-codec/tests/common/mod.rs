//! Helpers for the tests that read `fixtures/`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use quick_xml::Reader;
use quick_xml::events::Event;

/// The bytes of `fixtures/<path>`.
pub(crate) fn fixture(path: &str) -> Vec<u8> {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|error| panic!("{}: {error}", full.display()))
}

/// A documented sample body: the file less the final newline the README says was added.
pub(crate) fn sample(path: &str) -> Vec<u8> {
    let mut bytes = fixture(path);
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
    }
    bytes
}

/// A `.http` fixture: status line, headers, blank line, body (less the final newline).
pub(crate) fn http_response(path: &str) -> http::Response<Vec<u8>> {
    let text = String::from_utf8(sample(path)).unwrap();
    let (head, body) = text
        .split_once("\n\n")
        .expect("a blank line after the headers");
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let mut builder = http::Response::builder().status(status);
    for line in lines {
        let (name, value) = line.split_once(':').unwrap();
        builder = builder.header(name.trim(), value.trim());
    }
    builder.body(body.as_bytes().to_vec()).unwrap()
}

/// An element: its name, its text (trimmed) and its children, in order.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) text: String,
    pub(crate) children: Vec<Element>,
}

/// The element tree of an XML document, independent of the codec: whitespace-only text,
/// the declaration and comments are left out, so two documents compare element by element.
pub(crate) fn xml_tree(bytes: &[u8]) -> Element {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            Event::Start(start) => stack.push(Element {
                name: String::from_utf8(start.name().as_ref().to_vec()).unwrap(),
                text: String::new(),
                children: Vec::new(),
            }),
            Event::Text(text) => {
                let text = text.xml10_content().unwrap();
                stack.last_mut().unwrap().text.push_str(text.trim());
            }
            Event::GeneralRef(reference) => {
                let name = String::from_utf8(reference.to_vec()).unwrap();
                let resolved = quick_xml::escape::resolve_predefined_entity(&name).unwrap();
                stack.last_mut().unwrap().text.push_str(resolved);
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return done,
                }
            }
            Event::Eof => panic!("document ended inside an element"),
            _ => {}
        }
        buf.clear();
    }
}
