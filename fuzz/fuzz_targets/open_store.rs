#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| kring_fuzz::open_store(data));
