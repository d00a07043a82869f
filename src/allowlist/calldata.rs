//! The `--call` parser: a cast-style signature and arguments, encoded with
//! alloy's dyn-abi. An argument `@proof` stands for the Merkle proof of the
//! address being checked and is filled in per address.

use alloy::dyn_abi::{DynSolType, DynSolValue, JsonAbiExt, Specifier};
use alloy::json_abi::Function;
use alloy::primitives::{Address, B256, Bytes};

use crate::error::{Error, Result};

/// The placeholder argument for the Merkle proof.
pub const PROOF_ARG: &str = "@proof";
/// The placeholder argument for the address being checked.
pub const ADDRESS_ARG: &str = "@address";

/// A parsed `--call`: the function and its arguments, some of them placeholders.
#[derive(Debug, Clone)]
pub struct CallSpec {
    pub function: Function,
    args: Vec<Arg>,
    /// Calldata given whole (a mined transaction's): sent as is; `function`
    /// is what its selector decodes to, if anything.
    raw: Option<(Bytes, bool)>,
}

#[derive(Debug, Clone)]
enum Arg {
    Value(DynSolValue),
    Proof,
    Address,
}

impl CallSpec {
    /// Parses `mint(uint256)` and its arguments.
    pub fn parse(sig: &str, args: &[String]) -> Result<Self> {
        let sig = sig.trim();
        let with_kw = if sig.starts_with("function ") {
            sig.to_owned()
        } else {
            format!("function {sig}")
        };
        let function = Function::parse(&with_kw).map_err(|e| {
            Error::input_hint(
                format!("cannot parse --call signature {sig:?}: {e}"),
                "write it as cast does: --call \"mint(uint256)\" 1",
            )
        })?;
        if function.inputs.len() != args.len() {
            return Err(Error::input(format!(
                "--call {} takes {} argument(s), {} given",
                function.signature(),
                function.inputs.len(),
                args.len()
            )));
        }
        let mut parsed = Vec::with_capacity(args.len());
        for (param, raw) in function.inputs.iter().zip(args) {
            let ty = param.resolve().map_err(|e| {
                Error::input(format!(
                    "unsupported parameter type {} in --call: {e}",
                    param.ty
                ))
            })?;
            let arg = match raw.trim() {
                PROOF_ARG => {
                    if ty != DynSolType::Array(Box::new(DynSolType::FixedBytes(32))) {
                        return Err(Error::input(format!(
                            "@proof stands for a bytes32[] Merkle proof, but the parameter is {}",
                            param.ty
                        )));
                    }
                    Arg::Proof
                }
                ADDRESS_ARG => {
                    if ty != DynSolType::Address {
                        return Err(Error::input(format!(
                            "@address stands for an address, but the parameter is {}",
                            param.ty
                        )));
                    }
                    Arg::Address
                }
                text => Arg::Value(ty.coerce_str(text).map_err(|e| {
                    Error::input(format!(
                        "--call argument {text:?} is not a valid {}: {e}",
                        param.ty
                    ))
                })?),
            };
            parsed.push(arg);
        }
        Ok(Self {
            function,
            args: parsed,
            raw: None,
        })
    }

    /// A call given as calldata (a mined transaction's input), named by
    /// `function` where its selector is known.
    pub fn raw(data: Bytes, function: Option<Function>) -> Self {
        let known = function.is_some();
        let function = function
            .unwrap_or_else(|| Function::parse("function unknown()").expect("a valid signature"));
        Self {
            function,
            args: Vec::new(),
            raw: Some((data, known)),
        }
    }

    /// The 4-byte selector the call is made with.
    pub fn selector(&self) -> alloy::primitives::Selector {
        match &self.raw {
            Some((data, _)) if data.len() >= 4 => {
                alloy::primitives::Selector::from_slice(&data[..4])
            }
            Some(_) => alloy::primitives::Selector::ZERO,
            None => self.function.selector(),
        }
    }

    /// `mint(uint256)`; a call whose selector no table knows, by its selector
    /// (`0x12345678(…)`), and a call without data as `receive()`.
    pub fn signature(&self) -> String {
        match &self.raw {
            Some((data, false)) if data.len() >= 4 => format!("{}(…)", self.selector()),
            Some((data, false)) if data.is_empty() => "receive()".to_owned(),
            Some((_, false)) => "fallback()".to_owned(),
            _ => self.function.signature(),
        }
    }

    /// Whether an argument is `@proof`.
    pub fn needs_proof(&self) -> bool {
        self.args.iter().any(|a| matches!(a, Arg::Proof))
    }

    /// Calldata for `address`, with `proof` in place of `@proof`.
    pub fn encode(&self, address: Address, proof: &[B256]) -> Result<Bytes> {
        if let Some((data, _)) = &self.raw {
            return Ok(data.clone());
        }
        let values: Vec<DynSolValue> = self
            .args
            .iter()
            .map(|a| match a {
                Arg::Value(v) => v.clone(),
                Arg::Address => DynSolValue::Address(address),
                Arg::Proof => DynSolValue::Array(
                    proof
                        .iter()
                        .map(|h| DynSolValue::FixedBytes(*h, 32))
                        .collect(),
                ),
            })
            .collect();
        self.function
            .abi_encode_input(&values)
            .map(Bytes::from)
            .map_err(|e| Error::input(format!("cannot encode --call: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::{address, keccak256};

    #[test]
    fn encodes_cast_style_calls() {
        let spec = CallSpec::parse("mint(uint256)", &["3".into()]).unwrap();
        let data = spec.encode(Address::ZERO, &[]).unwrap();
        assert_eq!(&data[..4], &keccak256("mint(uint256)")[..4]);
        assert_eq!(data[35], 3);
        assert!(!spec.needs_proof());
    }

    #[test]
    fn fills_proof_and_address_placeholders() {
        let spec =
            CallSpec::parse("mint(uint256,bytes32[])", &["1".into(), "@proof".into()]).unwrap();
        assert!(spec.needs_proof());
        let data = spec.encode(Address::ZERO, &[B256::repeat_byte(9)]).unwrap();
        assert_eq!(data.len(), 4 + 32 * 4);
        let who = address!("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        let spec = CallSpec::parse("mintTo(address)", &["@address".into()]).unwrap();
        let data = spec.encode(who, &[]).unwrap();
        assert_eq!(&data[16..36], who.as_slice());
    }

    #[test]
    fn rejects_bad_calls() {
        for (sig, args) in [
            ("mint(uint256", vec!["1"]),
            ("mint(uint256)", vec![]),
            ("mint(uint256)", vec!["abc"]),
            ("mint(uint8)", vec!["300"]),
            ("mint(uint256)", vec!["@proof"]),
            ("f(address)", vec!["0x123"]),
        ] {
            let args: Vec<String> = args.into_iter().map(String::from).collect();
            assert!(CallSpec::parse(sig, &args).is_err(), "{sig} {args:?}");
        }
    }
}
