//! `--engine auto|wgpu|cuda|cpu` and `--devices N`: which burn devices a native run uses, chosen
//! like the page chooses (a GPU when one exists, else the CPU, and say why).
//!
//! burn's wgpu engine (Vulkan / Metal / DX12) is compiled in only with kiln-cli's `wgpu` cargo
//! feature and burn's CUDA engine only with `cuda` (which cannot be built in Kiln's own
//! environment: its build downloads a prebuilt LLVM); the default build has the CPU engine alone,
//! so CI and a first `cargo build` stay fast.

use kiln_ml::Device;

/// The engine asked for on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EngineArg {
    /// CUDA when built with it and a GPU answers, else wgpu when built with it and an adapter
    /// exists, else the CPU.
    Auto,
    /// burn's wgpu backend (needs the `wgpu` feature and a GPU adapter).
    Wgpu,
    /// burn's CUDA backend (needs the `cuda` feature and an NVIDIA GPU).
    Cuda,
    /// burn's pure-Rust CPU backend (Flex).
    Cpu,
}

/// The devices a run uses: the first is the main one (weights, optimizer, evaluation).
pub struct Devices {
    /// `devices.len()` ≥ 1.
    pub devices: Vec<Device>,
    /// `cpu`, `wgpu` or `cuda`.
    pub engine: &'static str,
    /// One line saying what was chosen and why.
    pub reason: String,
}

/// `n` burn CPU devices. burn's CPU backend has one device; `n` > 1 runs the data-parallel path
/// on it (a check of the path, not a speed-up).
fn cpu(n: usize, why: &str) -> Devices {
    let reason = if n > 1 {
        format!("{why}: {n} devices on burn's CPU backend (one physical device: the data-parallel path, no speed-up)")
    } else {
        format!("{why}: burn's CPU backend")
    };
    Devices { devices: vec![Device::flex(); n], engine: "cpu", reason }
}

#[cfg(feature = "wgpu")]
fn wgpu(n: usize) -> Result<Devices, String> {
    use kiln_ml::DeviceKind;
    let mut devices = Vec::with_capacity(n);
    for i in 0..n {
        let kind = if n == 1 { DeviceKind::DefaultDevice } else { DeviceKind::DiscreteGpu(i) };
        let device = Device::wgpu_options()
            .device_kind(kind)
            .init()
            .map_err(|e| format!("no wgpu adapter for device {i} ({kind:?}): {e}"))?;
        devices.push(device);
    }
    Ok(Devices { devices, engine: "wgpu", reason: format!("{n} wgpu device(s)") })
}

#[cfg(not(feature = "wgpu"))]
fn wgpu(_: usize) -> Result<Devices, String> {
    Err("this kiln was built without burn's wgpu engine: build it with `cargo build --release -p kiln-cli \
         --features wgpu`"
        .into())
}

#[cfg(feature = "cuda")]
fn cuda(n: usize) -> Result<Devices, String> {
    let devices = (0..n).map(Device::cuda).collect();
    Ok(Devices { devices, engine: "cuda", reason: format!("{n} CUDA device(s)") })
}

#[cfg(not(feature = "cuda"))]
fn cuda(_: usize) -> Result<Devices, String> {
    Err("this kiln was built without burn's CUDA engine: build it with `--features cuda` on a machine with the \
         CUDA toolkit"
        .into())
}

/// Chooses the devices.
///
/// # Errors
/// `n` is 0 or above 64, or an explicit engine that is not built in or finds no device.
pub fn choose(engine: EngineArg, n: usize) -> Result<Devices, String> {
    if !(1..=64).contains(&n) {
        return Err(format!("--devices must be between 1 and 64, got {n}"));
    }
    match engine {
        EngineArg::Cpu => Ok(cpu(n, "asked for")),
        EngineArg::Wgpu => wgpu(n),
        EngineArg::Cuda => cuda(n),
        EngineArg::Auto => {
            let mut why = Vec::new();
            for attempt in [cuda as fn(usize) -> Result<Devices, String>, wgpu] {
                match attempt(n) {
                    Ok(d) => return Ok(d),
                    // A GPU engine that is not compiled in is no news; one that failed is.
                    Err(e) if e.contains("built without") => {}
                    Err(e) => why.push(e),
                }
            }
            if why.is_empty() {
                why.push("no GPU engine in this build (cargo features `wgpu`, `cuda`)".into());
            }
            Ok(cpu(n, &format!("auto ({})", why.join("; "))))
        }
    }
}
