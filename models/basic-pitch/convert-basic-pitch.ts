// Converts the TF.js graph shipped in @spotify/basic-pitch to ONNX. Called by
// the model build (models/build-models.mjs) and directly by the parity tests.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { convertTfGraphToOnnx } from '../tfjs-to-onnx/convert-graph.ts';
import { readTfjsGraph } from '../tfjs-to-onnx/tfjs-graph.ts';

export interface BasicPitchSourceFiles {
  readonly modelJsonPath: string;
  readonly weightPaths: readonly string[];
}

/** The npm package's model files, resolved from node_modules. */
export function basicPitchSourceFiles(fromDirectory: string = process.cwd()): BasicPitchSourceFiles {
  const require = createRequire(join(fromDirectory, 'noop.js'));
  const packageDirectory = dirname(require.resolve('@spotify/basic-pitch/package.json'));
  const modelDirectory = join(packageDirectory, 'model');
  return { modelJsonPath: join(modelDirectory, 'model.json'), weightPaths: [join(modelDirectory, 'group1-shard1of1.bin')] };
}

export interface BasicPitchTfjsArtifacts {
  readonly modelJson: unknown;
  readonly weightData: Uint8Array;
}

export async function readBasicPitchTfjsArtifacts(files: BasicPitchSourceFiles = basicPitchSourceFiles()): Promise<BasicPitchTfjsArtifacts> {
  const modelJson: unknown = JSON.parse(await readFile(files.modelJsonPath, 'utf8'));
  const shards = await Promise.all(files.weightPaths.map((path) => readFile(path)));
  const weightData = new Uint8Array(shards.reduce((total, shard) => total + shard.byteLength, 0));
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  return { modelJson, weightData };
}

/**
 * The ONNX outputs keep the TF names (Identity = contour [B,172,264],
 * Identity_1 = note [B,172,88], Identity_2 = onset [B,172,88]) so a parity
 * failure can be traced back to the TF.js graph node by node.
 */
export function convertBasicPitchArtifacts(artifacts: BasicPitchTfjsArtifacts): Uint8Array {
  const graph = readTfjsGraph(artifacts.modelJson, artifacts.weightData);
  const outputs = [...graph.outputs].sort((a, b) => a.nodeName.localeCompare(b.nodeName));
  return convertTfGraphToOnnx(graph, {
    graphName: 'basic_pitch',
    docString: 'Basic Pitch (Spotify, Apache-2.0) converted from the TF.js graph in @spotify/basic-pitch by Bandroom.',
    outputs
  });
}

export async function convertBasicPitch(files?: BasicPitchSourceFiles): Promise<Uint8Array> {
  return convertBasicPitchArtifacts(await readBasicPitchTfjsArtifacts(files));
}
