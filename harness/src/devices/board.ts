import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { HostKeyPolicy } from '../transport/host-key-policy.js';
import { LocalTransport } from '../transport/local-transport.js';
import { SshTransport } from '../transport/ssh-transport.js';
import type { Transport } from '../transport/transport.js';
import type { DeviceProfile } from './profile-schema.js';
import type { BoardSpec } from './resolve-device.js';

/** A board as drivers see it: its data (inventory + profile) and the transport to reach it. */
export interface Board {
  name: string;
  spec: BoardSpec;
  profile: DeviceProfile;
  transport: Transport;
  /** Results from this board must say so. */
  emulated: boolean;
}

export interface OpenBoardOptions {
  hostKeyPolicy?: HostKeyPolicy;
  onUnpinnedHostKey?: (board: string, keyLine: string) => void;
  connectTimeoutMs?: number;
}

/** Builds the board's transport; reads the identity file (never logged). Does not connect. */
export function openBoard(spec: BoardSpec, profile: DeviceProfile, options: OpenBoardOptions = {}): Board {
  if (spec.kind === 'local') {
    return { name: spec.name, spec, profile, transport: new LocalTransport({ board: spec.name, workdir: spec.workdir }), emulated: false };
  }
  let privateKey: string;
  try {
    privateKey = readFileSync(spec.identityFile, 'utf8');
  } catch (cause) {
    throw new ConfigError('HIL_IDENTITY_UNREADABLE', `board ${spec.name}: identityFile ${spec.identityFile} cannot be read (${(cause as NodeJS.ErrnoException).code ?? cause})`, {
      cause,
      where: `${spec.name}.identityFile`,
    });
  }
  const transport = new SshTransport({
    board: spec.name,
    host: spec.host,
    port: spec.port,
    user: spec.user,
    privateKey,
    hostKey: spec.hostKey,
    hostKeyPolicy: options.hostKeyPolicy,
    onUnpinnedHostKey: options.onUnpinnedHostKey,
    workdir: spec.workdir,
    connectTimeoutMs: options.connectTimeoutMs ?? profile.timeouts?.connectMs,
  });
  return { name: spec.name, spec, profile, transport, emulated: spec.emulated };
}

/** Where hil's agent finds node and onnxruntime-node on this board: inventory over profile. */
export function agentRuntime(board: Board): { node: string; nodeModules: string | undefined } {
  if (board.spec.kind === 'local') return { node: process.execPath, nodeModules: hostNodeModules() };
  const fromBoard = board.spec.kind === 'ssh' ? board.spec.agent : undefined;
  return {
    node: fromBoard?.node ?? board.profile.agent?.node ?? 'node',
    nodeModules: fromBoard?.nodeModules ?? board.profile.agent?.nodeModules,
  };
}

/** The node_modules folder this process loads onnxruntime-node from. */
export function hostNodeModules(): string {
  const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
  return path.dirname(path.dirname(pkg));
}
