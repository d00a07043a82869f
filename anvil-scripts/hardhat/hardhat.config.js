// The smallest Hardhat 3 project that `hardhat node` accepts; anvil-scripts/client.sh runs
// the node with this file as --config. The built-in network's defaults are the ones
// rpccheck's tests want and are Anvil's: chain id 31337, the mnemonic "test test test test
// test test test test test test test junk" (20 accounts of 10,000 ether), automine.
// Hardhat writes its build-info even for `node`: keep that out of the tree, in .anvil/.
export default {
  paths: {
    artifacts: "../../.anvil/hardhat/artifacts",
    cache: "../../.anvil/hardhat/cache",
  },
};
