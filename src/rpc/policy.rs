//! The read-only guarantee: the one list of JSON-RPC methods rpccheck may send.
//! The transport checks every request against it before anything leaves the
//! process, so no code path can sign, send or change node state.

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
];

/// Whether `method` may be sent.
pub fn is_allowed(method: &str) -> bool {
    ALLOWED_METHODS.contains(&method)
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
}
