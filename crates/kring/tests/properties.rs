//! Property test: random command sequences for several cases, interleaved, executed through
//! the store give exactly the state of the pure fold; reopening the file gives the same
//! states, histories and indexes.

use kring::*;
use kring_testkit::sim::Sim;
use kring_testkit::strategy;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_store_agrees_with_the_pure_fold_and_survives_reopening(
        seeds in prop::collection::vec(any::<u64>(), 1..5),
        steps in prop::collection::vec((any::<u8>(), strategy::input()), 20..150),
    ) {
        let mut seeds = seeds;
        seeds.sort();
        seeds.dedup();
        let path = std::env::temp_dir().join(format!("kring-prop-{}-{}.kring", std::process::id(), seeds[0]));
        let _ = std::fs::remove_file(&path);
        let mut sims: Vec<Sim> = seeds.iter().map(|s| Sim::new(*s)).collect();
        // A case handed over to another store: every later command is refused here.
        let mut handed = vec![false; sims.len()];
        {
            let store = Store::builder().durability(Durability::Fast).create(&path).unwrap();
            for (which, s) in &steps {
                let i = *which as usize % seeds.len();
                let sim = &mut sims[i];
                let p = sim.propose(*s);
                // Handovers are rare: most runs keep writing their case.
                if matches!(p.command, Command::HandOver { .. }) && s.b % 8 != 0 {
                    continue;
                }
                let stored = store.execute(sim.driver.id, p.actor, p.at, p.command.clone());
                if handed[i] {
                    prop_assert_eq!(stored.unwrap_err().code(), "read_only_copy");
                    continue;
                }
                let pure = sim.driver.run_at(p.actor, p.at, p.command);
                match (pure, stored) {
                    (Ok(a), Ok(b)) => {
                        handed[i] = matches!(b.command, Command::HandOver { .. });
                        prop_assert_eq!(a, &b)
                    }
                    (Err(a), Err(b)) => prop_assert_eq!(b.domain(), Some(&a)),
                    (a, b) => prop_assert!(false, "pure {:?} but store {:?}", a.map(|_| ()), b.map(|_| ())),
                }
            }
            for sim in &sims {
                match &sim.driver.case {
                    Some(case) => prop_assert_eq!(&store.case(sim.driver.id).unwrap(), case),
                    None => prop_assert_eq!(store.case(sim.driver.id).unwrap_err().code(), "not_found"),
                }
            }
            store.verify().unwrap();
        }
        let store = Store::open(&path).unwrap();
        store.verify().unwrap();
        for sim in &sims {
            if let Some(case) = &sim.driver.case {
                prop_assert_eq!(&store.case(sim.driver.id).unwrap(), case);
                let history: Vec<_> = store.history(sim.driver.id).unwrap().into_iter().map(|r| r.event).collect();
                prop_assert_eq!(&history, &sim.driver.events);
                prop_assert_eq!(store.cases_of_person(case.main_persons[0].person.id).unwrap().contains(&sim.driver.id), true);
            }
        }
        drop(store);
        let _ = std::fs::remove_file(&path);
    }
}
