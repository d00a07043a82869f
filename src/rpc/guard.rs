//! The read-only guarantee: the one list of JSON-RPC methods rpccheck may send.
//! The transport checks every request packet against it ([`check`]) before
//! anything leaves the process, so no code path can sign, send or change node state.

use alloy::rpc::json_rpc::RequestPacket;

use crate::error::EndpointError;

/// Methods that only read. Anything else is refused by the transport.
pub const ALLOWED_METHODS: &[&str] = &[
    "eth_chainId",
    "net_version",
    "web3_clientVersion",
    "eth_syncing",
    "eth_blockNumber",
    "eth_getBlockByNumber",
    "eth_getBlockByHash",
    "eth_getCode",
    "eth_getStorageAt",
    "eth_getBalance",
    "eth_getTransactionCount",
    "eth_call",
    "eth_estimateGas",
    "eth_createAccessList",
    "eth_getLogs",
    "eth_gasPrice",
    "eth_maxPriorityFeePerGas",
    "eth_feeHistory",
    "eth_getProof",
    "debug_traceCall",
    // `rpccheck tx`: a transaction, its receipt, its trace.
    "eth_getTransactionByHash",
    "eth_getTransactionReceipt",
    "debug_traceTransaction",
];

/// Whether `method` may be sent.
pub fn is_allowed(method: &str) -> bool {
    ALLOWED_METHODS.contains(&method)
}

/// Refuses the whole packet if any of its methods is outside [`ALLOWED_METHODS`].
pub fn check(packet: &RequestPacket) -> Result<(), EndpointError> {
    match packet.method_names().find(|m| !is_allowed(m)) {
        Some(method) => Err(EndpointError::ForbiddenMethod {
            method: method.to_owned(),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_changing_methods_are_refused() {
        for m in [
            "eth_sendTransaction",
            "eth_sendRawTransaction",
            "eth_sign",
            "eth_signTypedData_v4",
            "personal_sign",
            "anvil_setBalance",
            "hardhat_impersonateAccount",
            "evm_mine",
            "debug_setHead",
        ] {
            assert!(!is_allowed(m), "{m}");
        }
        assert!(is_allowed("eth_call"));
    }

    #[test]
    fn one_forbidden_method_refuses_the_whole_batch() {
        use alloy::rpc::json_rpc::{Id, Request};
        let req = |id: u64, method: &'static str| {
            Request::new(method, Id::Number(id), ())
                .serialize()
                .unwrap()
        };
        let ok = RequestPacket::Batch(vec![req(1, "eth_chainId"), req(2, "eth_blockNumber")]);
        assert_eq!(check(&ok), Ok(()));
        let bad = RequestPacket::Batch(vec![
            req(1, "eth_chainId"),
            req(2, "eth_sendRawTransaction"),
        ]);
        assert_eq!(
            check(&bad),
            Err(EndpointError::ForbiddenMethod {
                method: "eth_sendRawTransaction".into()
            })
        );
    }
}
