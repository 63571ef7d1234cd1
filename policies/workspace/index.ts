import type { PolicyDefinition } from "../lib/define";
import dlpCoverage from "./dlpCoverage";
import driveAccessChecker from "./driveAccessChecker";
import driveDefaultPrivate from "./driveDefaultPrivate";
import driveExternalSharing from "./driveExternalSharing";
import drivePublishing from "./drivePublishing";
import driveSharedDrives from "./driveSharedDrives";
import groupJoinRestricted from "./groupJoinRestricted";
import groupNoExternalMembers from "./groupNoExternalMembers";
import lessSecureApps from "./lessSecureApps";
import sessionLength from "./sessionLength";
import takeoutDisabled from "./takeoutDisabled";
import twoStepDeviceTrust from "./twoStepDeviceTrust";
import twoStepEnforced from "./twoStepEnforced";
import twoStepEnrollment from "./twoStepEnrollment";
import twoStepGracePeriod from "./twoStepGracePeriod";
import twoStepSignInFactors from "./twoStepSignInFactors";

/** The Google Workspace controls, in the order of the README baseline table. */
export const workspacePolicies: PolicyDefinition[] = [
  twoStepEnforced,
  twoStepEnrollment,
  twoStepSignInFactors,
  twoStepGracePeriod,
  twoStepDeviceTrust,
  driveExternalSharing,
  drivePublishing,
  driveAccessChecker,
  driveDefaultPrivate,
  driveSharedDrives,
  sessionLength,
  lessSecureApps,
  takeoutDisabled,
  dlpCoverage,
  groupNoExternalMembers,
  groupJoinRestricted,
];
