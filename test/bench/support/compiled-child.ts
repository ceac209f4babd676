import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';

/**
 * Compiles a bench child (TypeScript, with the support modules it imports from its own folder) into
 * `outDir` as plain ES modules, so the bench can run it in a `node` without tsx: a child that harvests
 * with the compiled code in dist/ then spends only what the installed CLI spends (tsx's loader adds a
 * hooks thread and resolves every import through it). Returns the compiled child's path.
 */
export async function compileChild(childTs: string, localImports: readonly string[], outDir: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  const options: ts.TranspileOptions = { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false } };
  for (const file of [childTs, ...localImports]) {
    const js = ts.transpileModule(await readFile(file, 'utf8'), { ...options, fileName: file }).outputText;
    await writeFile(path.join(outDir, `${path.basename(file, '.ts')}.js`), js);
  }
  return path.join(outDir, `${path.basename(childTs, '.ts')}.js`);
}
