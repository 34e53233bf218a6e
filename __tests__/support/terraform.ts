export * from "../../modules/tooling/offline-terraform";
