export * from "../../modules/offline-terraform";
