//! A serde `Deserializer` over quick-xml's events, guided by the operation's description:
//! the description says which element is a list (repeated once per item), an object, an
//! integer, a boolean or a string, and the typed value is built as the events are read, with
//! no intermediate tree.
//!
//! One pass does everything: the depth limit, skipping unknown elements, text made of
//! several parts (CDATA, character and predefined references), and the errors, which name
//! the element and what was found there and expected, or the field's path
//! (`A.B[1]`) and serde's message.
//!
//! A list's items need not be next to each other: when another element comes between two
//! items, the events up to the parent's end tag are set aside while the rest of the items
//! are read, and replayed afterwards.

use std::borrow::Cow;
use std::fmt;

use acs_protocol::Format;
use acs_protocol::operation::{FieldDescription, ValueKind};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesText, Event};
use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IgnoredAny, Visitor};

use crate::error::BodyError;
use crate::limits::{LimitError, LimitKind, Limits};
use crate::tracked::{PathError, Segment};

/// Deserializes `T` from a document whose root's children are `fields`. `check_root` sees
/// the root's name before any child is read.
pub(crate) fn from_document<'a, T, F>(
    body: &'a [u8],
    fields: &'static [FieldDescription],
    limits: &Limits,
    check_root: F,
) -> Result<T, BodyError>
where
    T: de::Deserialize<'a>,
    F: FnOnce(&str) -> Result<(), BodyError>,
{
    let body = limits.checked_body(body)?;
    let text = std::str::from_utf8(body).map_err(|error| BodyError::NotUtf8 {
        format: Format::Xml,
        offset: error.valid_up_to(),
    })?;
    let mut reader = Reader::from_str(text);
    // `<A/>` comes as `<A></A>`: one shape for the code below.
    reader.config_mut().expand_empty_elements = true;
    let mut events = Events {
        reader,
        max_depth: limits.max_xml_depth,
        replay: Vec::new(),
        deferred: None,
        text,
    };
    loop {
        match events.next().map_err(Error::into_body)? {
            Event::Start(start) => {
                let local = start.local_name();
                let root = match std::str::from_utf8(local.as_ref()) {
                    Ok(root) => Cow::Borrowed(root),
                    Err(_) => String::from_utf8_lossy(local.as_ref()),
                };
                events.check_depth(1).map_err(Error::into_body)?;
                check_root(&root)?;
                let value = T::deserialize(Element {
                    events: &mut events,
                    kind: ValueKind::Object(fields),
                    name: &root,
                    depth: 1,
                })
                .and_then(|value| {
                    events.read_to_end_of_document(&root)?;
                    Ok(value)
                })
                .map_err(Error::into_body)?;
                return Ok(value);
            }
            Event::Text(text) if is_blank(&text) => {}
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            Event::Eof => {
                return Err(BodyError::Element {
                    element: String::new(),
                    found: "the end of the document".into(),
                    expected: "a root element".into(),
                });
            }
            other => {
                return Err(BodyError::Element {
                    element: String::new(),
                    found: describe(&other),
                    expected: "a root element".into(),
                });
            }
        }
    }
}

fn is_blank(text: &[u8]) -> bool {
    text.iter().all(u8::is_ascii_whitespace)
}

fn describe(event: &Event<'_>) -> String {
    match event {
        Event::Start(start) | Event::Empty(start) => format!(
            "child element <{}>",
            String::from_utf8_lossy(start.local_name().as_ref())
        ),
        Event::End(end) => format!(
            "end tag </{}>",
            String::from_utf8_lossy(end.local_name().as_ref())
        ),
        Event::Text(text) => format!("text `{}`", excerpt(&String::from_utf8_lossy(text))),
        Event::CData(_) => "CDATA".into(),
        Event::GeneralRef(reference) => {
            format!("reference &{};", String::from_utf8_lossy(reference))
        }
        Event::Eof => "the end of the document".into(),
        Event::Decl(_) => "an XML declaration".into(),
        Event::PI(_) => "a processing instruction".into(),
        Event::Comment(_) => "a comment".into(),
        Event::DocType(_) => "a DOCTYPE".into(),
    }
}

/// At most 40 characters of `text`, to quote in an error.
fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{short}…")
    } else {
        short
    }
}

/// The events of the document, with those set aside by a list put back in front.
struct Events<'a> {
    reader: Reader<&'a [u8]>,
    max_depth: usize,
    /// Events to read again before the reader's next ones, the next one last.
    replay: Vec<Event<'a>>,
    /// The reader's error met while looking ahead, due once `replay` is read.
    deferred: Option<Error>,
    /// The body, which the reader's events borrow from.
    text: &'a str,
}

impl<'a> Events<'a> {
    #[inline(always)]
    fn next(&mut self) -> Result<Event<'a>, Error> {
        if let Some(event) = self.replay.pop() {
            return Ok(event);
        }
        if let Some(error) = self.deferred.take() {
            return Err(error);
        }
        self.reader.read_event().map_err(|error| {
            BodyError::Syntax {
                format: Format::Xml,
                message: format!("{error} (at byte {})", self.reader.error_position()),
            }
            .into()
        })
    }

    fn check_depth(&self, depth: usize) -> Result<(), Error> {
        if depth > self.max_depth {
            let error = LimitError::new(LimitKind::MaxXmlDepth, self.max_depth, depth);
            return Err(BodyError::from(error).into());
        }
        Ok(())
    }

    /// The body's text at `bytes`, which the reader gave from it: no second UTF-8 check.
    fn borrowed(&self, bytes: &[u8]) -> Option<&'a str> {
        let start = (bytes.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        self.text.get(start..start.checked_add(bytes.len())?)
    }

    /// After the root: only comments, processing instructions and whitespace.
    fn read_to_end_of_document(&mut self, root: &str) -> Result<(), Error> {
        loop {
            match self.next()? {
                Event::Eof => return Ok(()),
                Event::Text(text) if is_blank(&text) => {}
                Event::Comment(_) | Event::PI(_) => {}
                other => {
                    return Err(BodyError::Element {
                        element: root.to_owned(),
                        found: format!("{} after the root element", describe(&other)),
                        expected: "the end of the document".into(),
                    }
                    .into());
                }
            }
        }
    }

    /// The text of the element `name`, already opened, up to its end tag: CDATA and
    /// references included, comments left out. Borrowed from the body when it is one part
    /// that needs no end-of-line normalization.
    fn read_text(&mut self, name: &str) -> Result<Cow<'a, str>, Error> {
        // The usual shape first: one text, then the end tag.
        let mut text = match self.next()? {
            Event::End(_) => return Ok(Cow::Borrowed("")),
            Event::Text(part) => self.text_of(&part, name)?,
            other => {
                let mut text = Cow::Borrowed("");
                self.push_part(&mut text, other, name)?;
                text
            }
        };
        loop {
            match self.next()? {
                Event::End(_) => return Ok(text),
                other => self.push_part(&mut text, other, name)?,
            }
        }
    }

    /// What `xml10_content` gives, without checking UTF-8 again when there is no end of
    /// line to normalize.
    fn text_of(&self, part: &BytesText<'a>, name: &str) -> Result<Cow<'a, str>, Error> {
        let fast = if part.contains(&b'\r') {
            None
        } else {
            self.borrowed(part)
        };
        match fast {
            Some(text) => Ok(Cow::Borrowed(text)),
            None => part
                .xml10_content()
                .map_err(|error| syntax_in(name, &error)),
        }
    }

    /// Adds a part of the text of `name` other than its end tag.
    fn push_part(
        &self,
        text: &mut Cow<'a, str>,
        event: Event<'a>,
        name: &str,
    ) -> Result<(), Error> {
        let part = match event {
            Event::Text(part) => self.text_of(&part, name)?,
            Event::CData(part) => part.decode().map_err(|error| syntax_in(name, &error))?,
            Event::GeneralRef(reference) => {
                return push_reference(text.to_mut(), &reference, name).map_err(Error::from);
            }
            Event::Comment(_) | Event::PI(_) => return Ok(()),
            other => {
                return Err(BodyError::Element {
                    element: name.to_owned(),
                    found: describe(&other),
                    expected: "text".into(),
                }
                .into());
            }
        };
        if text.is_empty() {
            *text = part;
        } else {
            text.to_mut().push_str(&part);
        }
        Ok(())
    }

    /// Skips the rest of an element opened at `depth`, children included.
    fn skip(&mut self, depth: usize) -> Result<(), Error> {
        let mut open = 1usize;
        loop {
            match self.next()? {
                Event::Start(_) => {
                    open += 1;
                    self.check_depth(depth + open - 1)?;
                }
                Event::End(_) => {
                    open -= 1;
                    if open == 0 {
                        return Ok(());
                    }
                }
                Event::Eof => {
                    return Err(BodyError::Element {
                        element: String::new(),
                        found: "the end of the document".into(),
                        expected: "the end tag of a skipped element".into(),
                    }
                    .into());
                }
                _ => {}
            }
        }
    }
}

fn syntax_in(name: &str, error: &dyn fmt::Display) -> Error {
    BodyError::Syntax {
        format: Format::Xml,
        message: format!("in <{name}>: {error}"),
    }
    .into()
}

fn push_reference(
    text: &mut String,
    reference: &BytesRef<'_>,
    name: &str,
) -> Result<(), BodyError> {
    let invalid = |what: &str| BodyError::Element {
        element: name.to_owned(),
        found: format!("reference &{what};"),
        expected: "one of &lt; &gt; &amp; &apos; &quot; or a character reference".into(),
    };
    let raw = String::from_utf8_lossy(reference);
    match reference.resolve_char_ref() {
        Ok(Some(ch)) => text.push(ch),
        Ok(None) => match quick_xml::escape::resolve_predefined_entity(&raw) {
            Some(resolved) => text.push_str(resolved),
            None => return Err(invalid(&raw)),
        },
        Err(_) => return Err(invalid(&raw)),
    }
    Ok(())
}

/// Why deserializing stopped: the XML itself, or the typed value (with the path to the
/// field, innermost segment first while the error travels up).
#[derive(Debug)]
pub(crate) struct Error(Box<Failure>);

#[derive(Debug)]
enum Failure {
    /// `path`, innermost first, is collected for an element error only: it names the
    /// element from the root's child down (`Users[0]/Tags[1]/Key`).
    Body {
        error: BodyError,
        path: Vec<Segment>,
    },
    Value {
        path: Vec<Segment>,
        message: String,
    },
}

impl Error {
    fn within(mut self, segment: impl FnOnce() -> Segment) -> Self {
        match &mut *self.0 {
            Failure::Value { path, .. }
            | Failure::Body {
                error: BodyError::Element { .. },
                path,
            } => path.push(segment()),
            Failure::Body { .. } => {}
        }
        self
    }

    fn in_field(self, name: &str) -> Self {
        self.within(|| Segment::Field(name.to_owned()))
    }

    fn at_index(self, index: usize) -> Self {
        self.within(|| Segment::Index(index))
    }

    fn into_body(self) -> BodyError {
        match *self.0 {
            Failure::Body {
                mut error,
                mut path,
            } => {
                if let BodyError::Element { element, .. } = &mut error
                    && !path.is_empty()
                {
                    path.reverse();
                    *element = element_path(&path);
                }
                error
            }
            Failure::Value { mut path, message } => {
                path.reverse();
                PathError { path, message }.into()
            }
        }
    }
}

/// An element's path from the root's child: `Users[0]/Tags[1]/Key`.
fn element_path(path: &[Segment]) -> String {
    crate::tracked::join_path(path, '/')
}

impl From<BodyError> for Error {
    fn from(error: BodyError) -> Self {
        Self(Box::new(Failure::Body {
            error,
            path: Vec::new(),
        }))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            Failure::Body { error, .. } => error.fmt(f),
            Failure::Value { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(Box::new(Failure::Value {
            path: Vec::new(),
            message: message.to_string(),
        }))
    }
}

/// An element whose start tag has been read, to be read as `kind`. For a list, the element
/// is its first item.
struct Element<'r, 'a, 'n> {
    events: &'r mut Events<'a>,
    kind: ValueKind,
    name: &'n str,
    depth: usize,
}

impl Element<'_, '_, '_> {
    fn invalid(&self, text: &str, expected: &str) -> Error {
        BodyError::Element {
            element: self.name.to_owned(),
            found: format!("`{}`", excerpt(text)),
            expected: expected.into(),
        }
        .into()
    }
}

/// The kinds the description has; any other is skipped and read as nothing.
fn is_known(kind: ValueKind) -> bool {
    matches!(
        kind,
        ValueKind::String
            | ValueKind::Integer
            | ValueKind::Boolean
            | ValueKind::List(_)
            | ValueKind::Object(_)
    )
}

/// The kind of a list's items; a list of lists has no XML form, so an item is read as the
/// innermost kind.
fn item_kind(mut kind: ValueKind) -> ValueKind {
    while let ValueKind::List(item) = kind {
        kind = *item;
    }
    kind
}

impl<'a> de::Deserializer<'a> for Element<'_, 'a, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind {
            ValueKind::Object(fields) => {
                let mut access = Fields {
                    events: self.events,
                    fields,
                    name: self.name,
                    depth: self.depth,
                    pending: None,
                    done: false,
                };
                let value = visitor.visit_map(&mut access)?;
                access.finish()?;
                Ok(value)
            }
            ValueKind::List(item) => {
                let mut access = Items::new(self.events, item_kind(*item), self.name, self.depth);
                let value = visitor.visit_seq(&mut access)?;
                access.finish()?;
                Ok(value)
            }
            ValueKind::String => match self.events.read_text(self.name)? {
                Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
                Cow::Owned(text) => visitor.visit_string(text),
            },
            ValueKind::Integer => {
                let text = self.events.read_text(self.name)?;
                let trimmed = text.trim();
                if let Ok(number) = trimmed.parse::<i64>() {
                    // As `serde_json::Value` holds it: unsigned when not negative.
                    match u64::try_from(number) {
                        Ok(unsigned) => visitor.visit_u64(unsigned),
                        Err(_) => visitor.visit_i64(number),
                    }
                } else if let Ok(number) = trimmed.parse::<u64>() {
                    visitor.visit_u64(number)
                } else {
                    Err(self.invalid(&text, "an integer"))
                }
            }
            ValueKind::Boolean => {
                let text = self.events.read_text(self.name)?;
                match text.trim() {
                    "true" => visitor.visit_bool(true),
                    "false" => visitor.visit_bool(false),
                    _ => Err(self.invalid(&text, "true or false")),
                }
            }
            _ => {
                self.events.skip(self.depth)?;
                visitor.visit_unit()
            }
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        if is_known(self.kind) {
            visitor.visit_some(self)
        } else {
            self.events.skip(self.depth)?;
            visitor.visit_none()
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.kind {
            ValueKind::String => match self.events.read_text(self.name)? {
                Cow::Borrowed(text) => visitor.visit_enum(BorrowedStrDeserializer::new(text)),
                Cow::Owned(text) => visitor.visit_enum(StringDeserializer::new(text)),
            },
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind {
            ValueKind::List(item) => {
                Items::new(self.events, item_kind(*item), self.name, self.depth).finish()?;
            }
            _ => self.events.skip(self.depth)?,
        }
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The described children of an element, by wire name; the others are skipped.
struct Fields<'r, 'a, 'n> {
    events: &'r mut Events<'a>,
    fields: &'static [FieldDescription],
    name: &'n str,
    depth: usize,
    /// The field whose key was given and whose value is due.
    pending: Option<&'static FieldDescription>,
    /// The end tag has been read.
    done: bool,
}

impl<'a> Fields<'_, 'a, '_> {
    /// Opens the next described child.
    fn next_field(&mut self) -> Result<Option<&'static FieldDescription>, Error> {
        if self.done {
            return Ok(None);
        }
        loop {
            match self.events.next()? {
                Event::Start(start) => {
                    let depth = self.depth + 1;
                    self.events.check_depth(depth)?;
                    let local = start.local_name();
                    let field = self
                        .fields
                        .iter()
                        .find(|field| field.wire_name.as_bytes() == local.as_ref());
                    match field {
                        Some(field) => return Ok(Some(field)),
                        None => self.events.skip(depth)?,
                    }
                }
                Event::End(_) => {
                    self.done = true;
                    return Ok(None);
                }
                Event::Eof => {
                    return Err(BodyError::Element {
                        element: self.name.to_owned(),
                        found: "the end of the document".into(),
                        expected: format!("</{}>", self.name),
                    }
                    .into());
                }
                // Text, comments and the like between children.
                _ => {}
            }
        }
    }

    fn value(&mut self, field: &'static FieldDescription) -> Element<'_, 'a, 'static> {
        Element {
            events: &mut *self.events,
            kind: field.kind,
            name: field.wire_name,
            depth: self.depth + 1,
        }
    }

    /// Reads what a visitor left, up to the end tag.
    fn finish(&mut self) -> Result<(), Error> {
        if let Some(field) = self.pending.take() {
            de::Deserializer::deserialize_ignored_any(self.value(field), IgnoredAny)?;
        }
        while let Some(field) = self.next_field()? {
            de::Deserializer::deserialize_ignored_any(self.value(field), IgnoredAny)?;
        }
        Ok(())
    }
}

impl<'a> de::MapAccess<'a> for Fields<'_, 'a, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(field) = self.next_field()? else {
            return Ok(None);
        };
        self.pending = Some(field);
        seed.deserialize(BorrowedStrDeserializer::new(field.wire_name))
            .map(Some)
            .map_err(|error: Error| error.in_field(field.wire_name))
    }

    fn next_value_seed<S: DeserializeSeed<'a>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some(field) = self.pending.take() else {
            return Err(de::Error::custom("a value was asked for before its key"));
        };
        seed.deserialize(self.value(field))
            .map_err(|error| error.in_field(field.wire_name))
    }
}

/// The items of a list: the elements `name` among the children of one parent, the first
/// already opened.
struct Items<'r, 'a, 'n> {
    events: &'r mut Events<'a>,
    item: ValueKind,
    name: &'n str,
    depth: usize,
    /// The next item's start tag has been read.
    open: bool,
    /// The parent's end tag has been met (and put back for the parent).
    done: bool,
    index: usize,
    /// Other children met between items, to replay for the parent.
    aside: Vec<Event<'a>>,
}

impl<'r, 'a, 'n> Items<'r, 'a, 'n> {
    fn new(events: &'r mut Events<'a>, item: ValueKind, name: &'n str, depth: usize) -> Self {
        Self {
            events,
            item,
            name,
            depth,
            open: true,
            done: false,
            index: 0,
            aside: Vec::new(),
        }
    }

    /// Opens the next item: the next child named `name` before the parent's end tag.
    fn find_next(&mut self) -> Result<bool, Error> {
        if self.done {
            return Ok(false);
        }
        // How deep inside a child set aside.
        let mut level = 0usize;
        loop {
            let event = match self.events.next() {
                Ok(event) => event,
                Err(error) if self.aside.is_empty() => return Err(error),
                Err(error) => {
                    // Due once the parent has read what comes before it.
                    self.put_back(None);
                    self.events.deferred = Some(error);
                    return Ok(false);
                }
            };
            match event {
                Event::Start(start) => {
                    if level == 0 && start.local_name().as_ref() == self.name.as_bytes() {
                        self.events.check_depth(self.depth)?;
                        return Ok(true);
                    }
                    level += 1;
                    self.aside.push(Event::Start(start));
                }
                Event::End(end) if level == 0 => {
                    self.put_back(Some(Event::End(end)));
                    return Ok(false);
                }
                Event::End(end) => {
                    level -= 1;
                    self.aside.push(Event::End(end));
                }
                Event::Eof => {
                    self.put_back(Some(Event::Eof));
                    return Ok(false);
                }
                other => {
                    if level > 0 {
                        self.aside.push(other);
                    }
                }
            }
        }
    }

    /// Gives the parent the children set aside, then `last`.
    fn put_back(&mut self, last: Option<Event<'a>>) {
        self.done = true;
        self.events.replay.extend(last);
        while let Some(event) = self.aside.pop() {
            self.events.replay.push(event);
        }
    }

    /// Reads the items a visitor left.
    fn finish(&mut self) -> Result<(), Error> {
        while de::SeqAccess::next_element::<IgnoredAny>(self)?.is_some() {}
        Ok(())
    }
}

impl<'a> de::SeqAccess<'a> for Items<'_, 'a, '_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'a>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        if !self.open && !self.find_next()? {
            return Ok(None);
        }
        self.open = false;
        let index = self.index;
        self.index += 1;
        seed.deserialize(Element {
            events: &mut *self.events,
            kind: self.item,
            name: self.name,
            depth: self.depth,
        })
        .map(Some)
        .map_err(|error| error.at_index(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    static INNER: &[FieldDescription] = &[
        FieldDescription::new("N", ValueKind::Integer, ""),
        FieldDescription::new("B", ValueKind::Boolean, ""),
    ];
    static FIELDS: &[FieldDescription] = &[
        FieldDescription::new("Items", ValueKind::List(&ValueKind::Object(INNER)), ""),
        FieldDescription::new("Names", ValueKind::List(&ValueKind::String), ""),
        FieldDescription::new("Id", ValueKind::String, ""),
    ];

    #[derive(Debug, PartialEq, Deserialize)]
    struct Inner {
        #[serde(rename = "N")]
        n: u8,
        #[serde(rename = "B", default)]
        b: Option<bool>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Outer {
        #[serde(rename = "Items", default)]
        items: Vec<Inner>,
        #[serde(rename = "Names", default)]
        names: Vec<String>,
        #[serde(rename = "Id")]
        id: Option<String>,
    }

    fn read(xml: &str) -> Result<Outer, BodyError> {
        from_document(xml.as_bytes(), FIELDS, &Limits::DEFAULT, |_| Ok(()))
    }

    #[test]
    fn list_items_need_not_be_next_to_each_other() {
        let xml = "<R><Names>a</Names><Items><N>1</N></Items><Id>x</Id>\
            <Names>b</Names><U><Names>not an item</Names></U><Items><N> 2 </N><B>true</B></Items>\
            <Names>c</Names></R>";
        assert_eq!(
            read(xml).unwrap(),
            Outer {
                items: vec![
                    Inner { n: 1, b: None },
                    Inner {
                        n: 2,
                        b: Some(true)
                    }
                ],
                names: vec!["a".into(), "b".into(), "c".into()],
                id: Some("x".into()),
            }
        );
    }

    #[test]
    fn a_value_error_names_the_path() {
        let error = read("<R><Items><N>1</N></Items><Id/><Items><N>300</N></Items></R>");
        assert_eq!(
            error.unwrap_err().to_string(),
            "field `Items[1].N`: invalid value: integer `300`, expected u8"
        );
        let error = read("<R><Items><B>true</B></Items></R>").unwrap_err();
        assert_eq!(error.to_string(), "field `Items[0]`: missing field `N`");
    }

    #[test]
    fn an_element_that_is_not_a_list_comes_once() {
        // As a JSON member given twice: serde's error, at the parent.
        let error = read("<R><Id>a</Id><Id>b</Id></R>").unwrap_err();
        assert_eq!(error.to_string(), "field ``: duplicate field `Id`");
    }

    #[test]
    fn a_text_error_names_the_element_by_its_path() {
        let error = read("<R><Items><N>x</N></Items></R>").unwrap_err();
        assert_eq!(
            error.to_string(),
            "element <Items[0]/N>: found `x`, expected an integer"
        );
        let error = read("<R><Items><N>1</N><B>yes</B></Items></R>").unwrap_err();
        assert_eq!(
            error.to_string(),
            "element <Items[0]/B>: found `yes`, expected true or false"
        );
    }

    #[test]
    fn errors_met_while_looking_ahead_come_in_document_order() {
        // The document ends inside an element set aside: the parent reports it.
        let error = read("<R><Names>a</Names><Id>x").unwrap_err();
        assert_eq!(
            error.to_string(),
            "element <Id>: found the end of the document, expected text"
        );
        // Too deep inside an element set aside, before a syntax error further on.
        let limits = Limits::DEFAULT.with_max_xml_depth(3);
        let xml = "<R><Names>a</Names><U><V><W/></V></U><Names>b</Names></Bad>";
        let error = from_document::<Outer, _>(xml.as_bytes(), FIELDS, &limits, |_| Ok(()));
        assert_eq!(
            error.unwrap_err(),
            BodyError::Limit(LimitError::new(LimitKind::MaxXmlDepth, 3, 4))
        );
    }
}
