package org.blazedb.storage.blz;

import java.math.BigInteger;

/** The 16-byte little-endian two's complement form of DECIMAL128 values. */
public final class Decimals {
  private Decimals() {}

  public static byte[] toLittleEndian(BigInteger unscaled) {
    byte[] big = unscaled.toByteArray();
    if (big.length > 16) {
      throw new ArithmeticException(unscaled + " does not fit in 128 bits");
    }
    byte[] little = new byte[16];
    byte fill = unscaled.signum() < 0 ? (byte) -1 : 0;
    for (int i = 0; i < 16; i++) {
      little[i] = i < big.length ? big[big.length - 1 - i] : fill;
    }
    return little;
  }

  public static BigInteger fromLittleEndian(byte[] little) {
    byte[] big = new byte[little.length];
    for (int i = 0; i < little.length; i++) {
      big[i] = little[little.length - 1 - i];
    }
    return new BigInteger(big);
  }
}
