//! Ids: text and serde round trips, order, kinds and the generator.

use super::*;
use proptest::prelude::*;

proptest! {
    #[test]
    fn text_round_trip(v in any::<u128>()) {
        let id = CaseId::from_u128(v);
        let text = id.to_string();
        prop_assert_eq!(text.parse::<CaseId>().unwrap(), id);
        prop_assert!(text.parse::<PersonId>().is_err());
    }

    #[test]
    fn text_order_is_id_order(a in any::<u128>(), b in any::<u128>()) {
        let (x, y) = (PersonId::from_u128(a), PersonId::from_u128(b));
        prop_assert_eq!(x.cmp(&y), x.to_string().cmp(&y.to_string()));
    }

    #[test]
    fn serde_round_trip(v in any::<u128>()) {
        let id = AgreementId::from_u128(v);
        let json = serde_json::to_string(&id).unwrap();
        prop_assert_eq!(serde_json::from_str::<AgreementId>(&json).unwrap(), id);
    }
}

#[test]
fn reads_lowercase_and_look_alikes() {
    let id: CaseId = "case_01HZX3J7Q8M9T3V4W5X6Y7Z8AB".parse().unwrap();
    assert_eq!("case_01hzx3j7q8m9t3v4w5x6y7z8ab".parse::<CaseId>(), Ok(id));
    assert_eq!(
        "case_O1HZX3J7Q8M9T3V4W5X6Y7Z8AB".parse::<CaseId>(),
        Ok(id),
        "O reads as 0"
    );
    let ones: CaseId = "case_0IlL0000000000000000000000".parse().unwrap();
    assert_eq!(ones, "case_01110000000000000000000000".parse().unwrap());
    assert!("case_01HZX3J7Q8M9T3V4W5X6Y7Z8AU".parse::<CaseId>().is_err());
}

#[test]
fn rejects_bad_text() {
    for bad in [
        "",
        "case_",
        "case_0123",
        "person_01HZX3J7Q8M9T3V4W5X6Y7Z8AB",
        "case_81HZX3J7Q8M9T3V4W5X6Y7Z8AB",
        "case_01HZX3J7Q8M9T3V4W5X6Y7Z8A!",
    ] {
        assert!(bad.parse::<CaseId>().is_err(), "{bad}");
    }
}

/// Parses `text` as an id of the kind with prefix `kind`, through the typed `FromStr`.
fn parses_as(kind: &str, text: &str) -> bool {
    macro_rules! try_kinds {
        ($($tag:ty),*) => {
            $(if kind == <$tag as IdKind>::PREFIX {
                return text.parse::<Id<$tag>>().is_ok();
            })*
        };
    }
    try_kinds!(
        CaseTag,
        PersonTag,
        OrganisationTag,
        FrameworkTag,
        ItemTag,
        ConferenceTag,
        AgreementTag,
        HelpTag,
        EvaluationTag,
        SignalTag,
        MeasureTag,
        StoreTag
    );
    panic!("`{kind}` is in ID_KINDS but not a kind this test knows")
}

#[test]
fn id_kinds_are_every_kind_once_and_each_parses_back() {
    assert_eq!(
        ID_KINDS,
        [
            "case",
            "person",
            "org",
            "framework",
            "item",
            "conf",
            "agr",
            "help",
            "eval",
            "signal",
            "measure",
            "store"
        ]
    );
    let mut g = IdGenerator::new(3);
    let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    for kind in ID_KINDS {
        let text = g.next_text(kind, at).unwrap();
        assert!(text.starts_with(&format!("{kind}_")), "{text}");
        assert!(parses_as(kind, &text), "{text}");
        let fixed = id_text(kind, 42).unwrap();
        assert!(parses_as(kind, &fixed), "{fixed}");
        for other in ID_KINDS.iter().filter(|o| *o != kind) {
            assert!(!parses_as(other, &text), "{text} parses as {other}");
        }
    }
    assert_eq!(
        id_text("case", 7).unwrap(),
        CaseId::from_u128(7).to_string()
    );
}

#[test]
fn an_unknown_kind_is_invalid_input_naming_the_kinds() {
    let mut g = IdGenerator::new(3);
    let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    for err in [
        g.next_text("planet", at).unwrap_err(),
        id_text("planet", 1).unwrap_err(),
    ] {
        assert_eq!(err.code(), "invalid_input");
        let message = err.to_string();
        assert!(message.contains("`planet`"), "{message}");
        assert!(message.contains(&ID_KINDS.join(", ")), "{message}");
    }
    assert!(id_text("Case", 1).is_err());
}

#[test]
fn generator_is_monotonic() {
    let mut g = IdGenerator::new(7);
    let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let a: CaseId = g.next(at);
    let b: CaseId = g.next(at);
    assert!(b > a);
    assert_eq!(a.timestamp_ms(), 1_700_000_000_000);
}
