//! The values a case is made of: people, organisations, the network, professionals, the
//! coordinator, safety frameworks, conferences, plans, evaluations and outcomes.
//!
//! Dutch names are in the docs (`docs/domain.md`); the code speaks English. The closed
//! vocabularies are in `codes`, the people in `people`, and everything that happens to a case
//! in `plan`; all are re-exported here.

/// Declares a fieldless enum with a stable snake_case code used in serde, `Display` and
/// `FromStr`, so that every binding spells the values the same way.
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $code:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* #[serde(rename = $code)] $variant,)* }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            /// The stable code of this value.
            pub const fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::error::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok($name::$variant),)*
                    _ => Err(crate::error::Error::invalid(
                        stringify!($name),
                        format!("unknown value `{}`; expected one of: {}", s.chars().take(64).collect::<String>(),
                            [$($code),*].join(", ")),
                    )),
                }
            }
        }
    };
}
pub(crate) use code_enum;

mod codes;
mod people;
mod plan;
mod record;

pub use codes::*;
pub use people::*;
pub use plan::*;
pub use record::*;
