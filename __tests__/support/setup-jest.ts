import { Testing } from "cdktf";
// Types of cdktf's matchers (toHaveResourceWithProperties, ...).
import "cdktf/lib/testing/adapters/jest";

process.env.CHECKPOINT_DISABLE = "1";
Testing.setupJest();
