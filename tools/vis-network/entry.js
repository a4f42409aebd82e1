// What paperhop's page uses of vis-network: the network and its data sets. Nothing else is bundled.
export { Network } from "vis-network/esnext/esm/vis-network.js";
export { DataSet } from "vis-data/esnext/esm/vis-data.js";
