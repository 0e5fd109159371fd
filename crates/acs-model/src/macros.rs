//! The shapes every generated model's types are made of, open enums, ID newtypes and builder
//! setters, and the lists of operations (all, and the paginated ones) that a model's
//! `operations/mod.rs` is built from.
//!
//! They expand in the model crate, which depends on `acs-protocol`, `serde`, `schemars`,
//! `strum` and (for its `proptest` feature) `proptest` and `proptest-derive`.

/// An open enum: the documented values, plus `Unknown` that keeps any other value verbatim.
///
/// strum maps the known wire values (on a private mirror of the known variants, since its
/// `TryFrom<&str>` would clash with the infallible `From<&str>` an open enum has); serde and
/// schemars go through `as_str` and `From<&str>`, so the wire form has one definition.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                $variant,
            )+
            /// A value this version does not know, kept verbatim and re-sent unchanged.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// The documented values, as on the wire.
            pub const VALUES: &'static [&'static str] = &[$($wire),+];

            /// The value as on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether this is a documented value rather than `Unknown`.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        const _: () = {
            #[derive(strum::EnumString)]
            enum Known {
                $( #[strum(serialize = $wire)] $variant, )+
            }

            impl From<&str> for $name {
                /// The known variant for a documented value, `Unknown` for any other.
                fn from(value: &str) -> Self {
                    match value.parse::<Known>() {
                        $(Ok(Known::$variant) => Self::$variant,)+
                        Err(_) => Self::Unknown($crate::UnknownValue::__new(value)),
                    }
                }
            }
        };

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "a string, one of {}", $name::VALUES.join(", "))
                    }
                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        Ok($name::from(value))
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": concat!(
                        "One of the documented values, or any other string: the enum is open ",
                        "so that a value the service adds later is kept."
                    ),
                    "anyOf": [
                        { "enum": $name::VALUES },
                        { "type": "string" }
                    ]
                })
            }
        }

        #[cfg(feature = "proptest")]
        impl proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = proptest::strategy::BoxedStrategy<Self>;

            /// Every known value, and unknown values that are no known value.
            fn arbitrary_with((): ()) -> Self::Strategy {
                use proptest::prelude::*;
                prop_oneof![
                    3 => proptest::sample::select($name::VALUES).prop_map($name::from),
                    1 => "[A-Za-z][A-Za-z0-9_.-]{0,20}"
                        .prop_filter("a known value", |s| !$name::VALUES.contains(&s.as_str()))
                        .prop_map(|s| $name::from(s.as_str())),
                ]
                .boxed()
            }
        }
    };
}

/// A string ID newtype with the validation the API states (`non_empty` or none), serde as a
/// plain string, and a JSON Schema.
#[macro_export]
macro_rules! id_newtype {
    (
        $(#[$meta:meta])*
        $name:ident, wire = $wire:literal, example = $example:literal, rule = $rule:ident
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("Checks `value` against what the API states for `", $wire, "`.")]
            pub fn new(value: impl Into<String>) -> Result<Self, $crate::InvalidValue> {
                let value = value.into();
                $crate::id_newtype!(@check $rule, value, $wire, $example);
                Ok(Self(value))
            }

            /// The ID as on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::InvalidValue;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Self::new(value)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::InvalidValue;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::InvalidValue;
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::new(value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Self::new(value).map_err(serde::de::Error::custom)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $crate::id_newtype!(@schema $rule, $example)
            }
        }

        #[cfg(feature = "proptest")]
        impl proptest::arbitrary::Arbitrary for $name {
            type Parameters = ();
            type Strategy = proptest::strategy::BoxedStrategy<Self>;

            /// IDs shaped like the documented ones, and any other text the rule allows.
            fn arbitrary_with((): ()) -> Self::Strategy {
                use proptest::prelude::*;
                prop_oneof![
                    "[a-z]-[0-9a-z]{8,16}\\*{0,4}",
                    $crate::id_newtype!(@arbitrary $rule),
                ]
                .prop_filter_map("valid", |value| Self::new(value).ok())
                .boxed()
            }
        }
    };
    (@check non_empty, $value:ident, $wire:literal, $example:literal) => {
        if $value.is_empty() {
            return Err($crate::InvalidValue::new(
                $wire,
                $value,
                concat!("a non-empty ID such as ", $example),
            ));
        }
    };
    (@check any, $value:ident, $wire:literal, $example:literal) => {};
    (@schema non_empty, $example:literal) => {
        schemars::json_schema!({ "type": "string", "minLength": 1, "examples": [$example] })
    };
    (@schema any, $example:literal) => {
        schemars::json_schema!({ "type": "string", "examples": [$example] })
    };
    (@arbitrary non_empty) => { "\\PC{1,40}" };
    (@arbitrary any) => { "\\PC{0,40}" };
}

/// The operation lists and lookups of a model's `operations/mod.rs`, from the one list of
/// the operations' marker types in the API's order: `OPERATIONS`, `visit_operation`,
/// `visit_arbitrary_operation` with its `ArbitraryOperationVisitor` (feature `proptest`),
/// and `description`.
#[macro_export]
macro_rules! operations {
    ($($operation:ident,)+) => {
        /// The description of every operation in the model, in the API's order.
        pub static OPERATIONS: &[&acs_protocol::operation::OperationDescription] =
            &[$(<$operation as acs_protocol::Operation>::DESCRIPTION,)+];

        /// Calls `visitor` with the operation whose action is `action`, or returns `None` for
        /// an action the model does not know. Actions are case-sensitive, as on the wire.
        pub fn visit_operation<V: acs_protocol::OperationVisitor>(
            action: &str,
            visitor: V,
        ) -> Option<V::Output> {
            $(
                if action == <$operation as acs_protocol::Operation>::DESCRIPTION.action {
                    return Some(visitor.visit::<$operation>());
                }
            )+
            None
        }

        /// Code to run with an operation chosen at run time that also needs `proptest`
        /// strategies of its request and response (feature `proptest`).
        #[cfg(feature = "proptest")]
        pub trait ArbitraryOperationVisitor {
            /// What the visit yields.
            type Output;

            /// Runs with the operation `O`.
            fn visit<O>(self) -> Self::Output
            where
                O: acs_protocol::Operation,
                O::Request: proptest::arbitrary::Arbitrary,
                O::Response: proptest::arbitrary::Arbitrary;
        }

        /// [`visit_operation`] for an [`ArbitraryOperationVisitor`].
        #[cfg(feature = "proptest")]
        pub fn visit_arbitrary_operation<V: ArbitraryOperationVisitor>(
            action: &str,
            visitor: V,
        ) -> Option<V::Output> {
            $(
                if action == <$operation as acs_protocol::Operation>::DESCRIPTION.action {
                    return Some(visitor.visit::<$operation>());
                }
            )+
            None
        }

        /// The description of the operation whose action is `action`.
        pub fn description(action: &str) -> Option<&'static acs_protocol::operation::OperationDescription> {
            OPERATIONS.iter().copied().find(|d| d.action == action)
        }
    };
}

/// The [`Paginated`] impls of the operations listed (those whose request has a `NextToken`
/// parameter and whose response a `NextToken` field), and `visit_paginated_operation` over
/// them. Each entry names the response's list field and its item type,
/// `ListUsers(users: ListUsersUser)`. The generator checks that each has a string
/// `NextToken` in its request and its response, a boolean `IsTruncated` and one list in its
/// response, and an integer `MaxResults` in its request.
///
/// [`Paginated`]: acs_protocol::Paginated
#[macro_export]
macro_rules! paginated {
    ($($operation:ident($items:ident: $item:ty),)*) => {
        $(
            impl acs_protocol::Paginated for $operation {
                type Item = $item;

                fn request_token(request: &Self::Request) -> Option<&str> {
                    request.next_token.as_deref()
                }

                fn set_request_token(request: &mut Self::Request, token: String) {
                    request.next_token = Some(token);
                }

                fn set_page_size(request: &mut Self::Request, size: i64) {
                    request.max_results = Some(size);
                }

                fn response_token(response: &Self::Response) -> Option<&str> {
                    response.next_token.as_deref()
                }

                fn is_truncated(response: &Self::Response) -> Option<bool> {
                    response.is_truncated
                }

                fn items(response: Self::Response) -> Vec<Self::Item> {
                    response.$items.unwrap_or_default()
                }
            }
        )*

        /// Calls `visitor` with the paginated operation whose action is `action`, or returns
        /// `None` for an action that does not page (or that the model does not know).
        #[allow(unused_variables)]
        pub fn visit_paginated_operation<V: acs_protocol::PaginatedVisitor>(
            action: &str,
            visitor: V,
        ) -> Option<V::Output> {
            $(
                if action == <$operation as acs_protocol::Operation>::DESCRIPTION.action {
                    return Some(visitor.visit::<$operation>());
                }
            )*
            None
        }
    };
}

/// One builder setter: `setter! { "doc" field: SHAPE Type }` stores into `self.field`,
/// `setter! { "doc" field: SHAPE Type, in inner }` into `self.inner.field`. The shapes:
/// `into T` takes `impl Into<T>`, `value T` takes a `T`, `list T` any iterator of `T`, and
/// `list_into T` any iterator of `impl Into<T>`.
#[macro_export]
macro_rules! setter {
    ($doc:literal $field:ident: into $ty:ty $(, in $inner:ident)?) => {
        #[doc = $doc]
        #[must_use]
        pub fn $field(mut self, value: impl Into<$ty>) -> Self {
            self$(.$inner)?.$field = Some(value.into());
            self
        }
    };
    ($doc:literal $field:ident: value $ty:ty $(, in $inner:ident)?) => {
        #[doc = $doc]
        #[must_use]
        pub fn $field(mut self, value: $ty) -> Self {
            self$(.$inner)?.$field = Some(value);
            self
        }
    };
    ($doc:literal $field:ident: list $ty:ty $(, in $inner:ident)?) => {
        #[doc = $doc]
        #[must_use]
        pub fn $field<I>(mut self, values: I) -> Self
        where
            I: IntoIterator<Item = $ty>,
        {
            self$(.$inner)?.$field = Some(values.into_iter().collect());
            self
        }
    };
    ($doc:literal $field:ident: list_into $ty:ty $(, in $inner:ident)?) => {
        #[doc = $doc]
        #[must_use]
        pub fn $field<I, S>(mut self, values: I) -> Self
        where
            I: IntoIterator<Item = S>,
            S: Into<$ty>,
        {
            self$(.$inner)?.$field = Some(values.into_iter().map(Into::into).collect());
            self
        }
    };
}
