//! Reading one top-level field of a struct without serialising the rest: [`pick`] runs a
//! value's own `Serialize` through a serializer that only looks at the top level. It lists the
//! names of the fields present, in order (a field skipped with `skip_serializing_if` is not
//! present), and writes the one field asked for as JSON text; the other fields are never
//! visited.

use std::fmt;

use serde::Serialize;
use serde::ser::{self, Impossible};

/// What [`pick`] saw at the top level.
pub struct Picked {
    /// The names of the fields present, in the order the type writes them.
    pub keys: Vec<&'static str>,
    /// The field asked for, as JSON text, if it is present.
    pub value: Option<String>,
}

/// The names of `value`'s top-level fields and, if `want` names one of them, that field as
/// JSON text. `value` must serialise as a struct.
pub fn pick<T: Serialize>(value: &T, want: Option<&str>) -> Result<Picked, Error> {
    value.serialize(Pick { want })
}

/// Why a value could not be picked from: it is not a struct, or a field failed to serialise.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

fn not_a_struct<T>() -> Result<T, Error> {
    Err(Error("only a struct's fields can be picked".to_owned()))
}

struct Pick<'a> {
    want: Option<&'a str>,
}

/// Every value that is not a struct is refused.
macro_rules! refuse {
    ($($name:ident($($ty:ty),*);)*) => {
        $(fn $name(self, $(_: $ty),*) -> Result<Picked, Error> {
            not_a_struct()
        })*
    };
}

impl<'a> ser::Serializer for Pick<'a> {
    type Ok = Picked;
    type Error = Error;
    type SerializeSeq = Impossible<Picked, Error>;
    type SerializeTuple = Impossible<Picked, Error>;
    type SerializeTupleStruct = Impossible<Picked, Error>;
    type SerializeTupleVariant = Impossible<Picked, Error>;
    type SerializeMap = Impossible<Picked, Error>;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Impossible<Picked, Error>;

    refuse! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Picked, Error> {
        not_a_struct()
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Picked, Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Picked, Error> {
        not_a_struct()
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        not_a_struct()
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        not_a_struct()
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        not_a_struct()
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        not_a_struct()
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        not_a_struct()
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Fields<'a>, Error> {
        Ok(Fields {
            want: self.want,
            picked: Picked {
                keys: Vec::with_capacity(len),
                value: None,
            },
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        not_a_struct()
    }
}

/// The top level of a struct: each field's name is noted, only the wanted one is written.
pub struct Fields<'a> {
    want: Option<&'a str>,
    picked: Picked,
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = Picked;
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.picked.keys.push(key);
        if self.want == Some(key) {
            let text = serde_json::to_string(value).map_err(|e| Error(e.to_string()))?;
            self.picked.value = Some(text);
        }
        Ok(())
    }

    fn end(self) -> Result<Picked, Error> {
        Ok(self.picked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Example {
        id: &'static str,
        list: Vec<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        absent: Option<u32>,
        nested: Inner,
    }

    #[derive(Serialize)]
    struct Inner {
        a: bool,
    }

    fn example() -> Example {
        Example {
            id: "case_x",
            list: vec![1, 2],
            absent: None,
            nested: Inner { a: true },
        }
    }

    #[test]
    fn lists_the_fields_present_and_writes_only_the_one_asked_for() {
        let all = pick(&example(), None).unwrap();
        assert_eq!(all.keys, ["id", "list", "nested"]);
        assert_eq!(all.value, None);
        let one = pick(&example(), Some("nested")).unwrap();
        assert_eq!(one.value.as_deref(), Some(r#"{"a":true}"#));
        assert_eq!(
            pick(&example(), Some("list")).unwrap().value.as_deref(),
            Some("[1,2]")
        );
        assert_eq!(pick(&example(), Some("absent")).unwrap().value, None);
    }

    #[test]
    fn refuses_what_is_not_a_struct() {
        assert!(pick(&vec![1], None).is_err());
        assert!(pick(&"text", None).is_err());
    }
}
