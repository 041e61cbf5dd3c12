#![no_main]
// The store turns a panic inside the storage engine on a damaged file into `corrupted`; a
// quiet hook lets that guard work here too. A panic that escapes it still aborts the run.
libfuzzer_sys::fuzz_target!(init: { std::panic::set_hook(Box::new(|_| {})) }, |data: &[u8]| kring_fuzz::open_store(data));
