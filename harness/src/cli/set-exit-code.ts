/** Sets the process exit code from a command's result (the one top-level catch maps errors). */
export type SetExitCode = (code: number) => void;
