package org.blazedb.codegen;

import static org.bytedeco.llvm.global.LLVM.*;

import java.nio.file.Path;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.llvm.LLVM.LLVMContextRef;
import org.bytedeco.llvm.LLVM.LLVMErrorRef;
import org.bytedeco.llvm.LLVM.LLVMMemoryBufferRef;
import org.bytedeco.llvm.LLVM.LLVMModuleRef;
import org.bytedeco.llvm.LLVM.LLVMOrcLLJITRef;
import org.bytedeco.llvm.LLVM.LLVMOrcThreadSafeContextRef;
import org.bytedeco.llvm.LLVM.LLVMPassBuilderOptionsRef;
import org.bytedeco.llvm.LLVM.LLVMTargetMachineRef;
import org.bytedeco.llvm.LLVM.LLVMTargetRef;

/**
 * LLVM's ORC LLJIT for the host CPU: textual IR in, the address of a compiled function out. Each
 * module is optimized with the O3 pipeline for the host's features (so loops get vectorized for
 * its SIMD width) before it is added. Compiled code lives as long as the process.
 */
final class LlvmJit {
  /** JavaCPP's property for where it extracts natives (170 MB for LLVM); default ~/.javacpp. */
  static final String CACHE_PROPERTY = "org.bytedeco.javacpp.cachedir";

  private final LLVMOrcLLJITRef jit = new LLVMOrcLLJITRef();
  private final LLVMTargetMachineRef machine;
  private final String triple;
  private final String dataLayout;

  /** Loads LLVM's natives (extracting them under {@link #cacheDir()}) and starts a JIT. */
  LlvmJit() {
    if (System.getProperty(CACHE_PROPERTY) == null) {
      System.setProperty(CACHE_PROPERTY, cacheDir().toString());
    }
    if (LLVMInitializeNativeTarget() != 0 || LLVMInitializeNativeAsmPrinter() != 0) {
      throw new IllegalStateException("LLVM has no native target for this machine");
    }
    check(LLVMOrcCreateLLJIT(jit, null), "creating the JIT");
    BytePointer defaultTriple = LLVMGetDefaultTargetTriple();
    triple = defaultTriple.getString();
    LLVMTargetRef target = new LLVMTargetRef();
    BytePointer error = new BytePointer();
    if (LLVMGetTargetFromTriple(defaultTriple, target, error) != 0) {
      throw new IllegalStateException("LLVM target " + triple + ": " + error.getString());
    }
    LLVMDisposeMessage(defaultTriple);
    BytePointer cpu = LLVMGetHostCPUName();
    BytePointer features = LLVMGetHostCPUFeatures();
    machine = LLVMCreateTargetMachine(target, triple, cpu.getString(), features.getString(),
        LLVMCodeGenLevelAggressive, LLVMRelocDefault, LLVMCodeModelJITDefault);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    BytePointer layout = LLVMCopyStringRepOfTargetData(LLVMCreateTargetDataLayout(machine));
    dataLayout = layout.getString();
    LLVMDisposeMessage(layout);
  }

  /**
   * Where JavaCPP extracts natives unless {@code -Dorg.bytedeco.javacpp.cachedir} says otherwise:
   * {@code $BLAZE_NATIVE_CACHE}, else {@code target/javacpp} under the working directory, never $HOME.
   */
  static Path cacheDir() {
    String env = System.getenv("BLAZE_NATIVE_CACHE");
    return (env != null && !env.isBlank() ? Path.of(env) : Path.of("target", "javacpp")).toAbsolutePath();
  }

  /** Optimizes and compiles {@code ir}, and returns the address of its function {@code name}. */
  synchronized long compile(String ir, String name) {
    LLVMOrcThreadSafeContextRef context = LLVMOrcCreateNewThreadSafeContext();
    try {
      LLVMModuleRef module = optimized(context, ir, name);
      check(LLVMOrcLLJITAddLLVMIRModule(jit, LLVMOrcLLJITGetMainJITDylib(jit),
          LLVMOrcCreateNewThreadSafeModule(module, context)), "adding " + name);
    } finally {
      LLVMOrcDisposeThreadSafeContext(context); // a module added to the JIT keeps what it needs
    }
    long[] address = new long[1];
    check(LLVMOrcLLJITLookup(jit, address, new BytePointer(name)), "looking up " + name);
    return address[0];
  }

  /** The IR after optimization, as text (to check what LLVM made of a kernel, e.g. vector loops). */
  synchronized String optimizedText(String ir, String name) {
    LLVMOrcThreadSafeContextRef context = LLVMOrcCreateNewThreadSafeContext();
    try {
      LLVMModuleRef module = optimized(context, ir, name);
      BytePointer text = LLVMPrintModuleToString(module);
      String result = text.getString();
      LLVMDisposeMessage(text);
      LLVMDisposeModule(module);
      return result;
    } finally {
      LLVMOrcDisposeThreadSafeContext(context);
    }
  }

  /** {@code ir} parsed in {@code context}, set for the host, and run through the O3 pipeline. */
  private LLVMModuleRef optimized(LLVMOrcThreadSafeContextRef context, String ir, String name) {
    LLVMContextRef llvmContext = LLVMOrcThreadSafeContextGetContext(context);
    LLVMMemoryBufferRef buffer = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, ir.length(), name);
    LLVMModuleRef module = new LLVMModuleRef();
    BytePointer error = new BytePointer();
    if (LLVMParseIRInContext(llvmContext, buffer, module, error) != 0) {
      String message = error.getString();
      LLVMDisposeMessage(error);
      throw new IllegalStateException("generated LLVM IR does not parse: " + message + "\n" + ir);
    }
    LLVMSetTarget(module, triple);
    LLVMSetDataLayout(module, dataLayout);
    LLVMPassBuilderOptionsRef options = LLVMCreatePassBuilderOptions();
    try {
      check(LLVMRunPasses(module, "default<O3>", machine, options), "optimizing " + name);
    } finally {
      LLVMDisposePassBuilderOptions(options);
    }
    return module;
  }

  private static void check(LLVMErrorRef error, String what) {
    if (error != null && !error.isNull()) {
      BytePointer message = LLVMGetErrorMessage(error);
      String text = message.getString();
      LLVMDisposeErrorMessage(message);
      throw new IllegalStateException("LLVM failed " + what + ": " + text);
    }
  }

}
