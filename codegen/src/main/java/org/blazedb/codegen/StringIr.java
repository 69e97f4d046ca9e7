package org.blazedb.codegen;

import java.util.EnumSet;
import java.util.Set;

/**
 * The string helpers a kernel module calls, each {@code internal} to the module and written only
 * when used. Strings are UTF-8 bytes, a pointer and a length; they are compared where they lie,
 * with the semantics of the Java reference ({@code Utf8} and the interpreter's LIKE).
 */
final class StringIr {
  private enum Helper { EQUAL, COMPARE, LIKE }

  private final Set<Helper> used = EnumSet.noneOf(Helper.class);

  /** {@code i1 (ptr a, i64 alen, ptr b, i64 blen)}: the same bytes; b the constant, if one is. */
  String equal() {
    used.add(Helper.EQUAL);
    return "@blaze_str_equal";
  }

  /** {@code i32 (ptr a, i64 alen, ptr b, i64 blen)}: negative, 0 or positive, in String.compareTo order. */
  String compare() {
    used.add(Helper.COMPARE);
    return "@blaze_str_compare";
  }

  /**
   * {@code i1 (ptr s, i64 slen, ptr pattern, i64 plen, i64 shape)}: SQL LIKE, {@code %} and
   * {@code _}, no escape, of a pattern of that {@link #likeShape}.
   */
  String like() {
    used.add(Helper.LIKE);
    return "@blaze_str_like";
  }

  /**
   * {@code i64 (ptr pattern, i64 plen)}: what {@link #like} needs to know of a pattern (where its
   * first and last {@code %} lie, whether it has a {@code _}), found once for a constant pattern
   * instead of at every row: '%special%' over o_comment 18.5 to 15.7 ms.
   */
  String likeShape() {
    used.add(Helper.LIKE);
    return "@blaze_like_shape";
  }

  String definitions() {
    StringBuilder ir = new StringBuilder();
    if (used.contains(Helper.EQUAL)) {
      ir.append(EQUAL);
    }
    if (used.contains(Helper.COMPARE)) {
      ir.append(COMPARE);
    }
    if (used.contains(Helper.LIKE)) {
      ir.append(NEXT_CHAR).append(LIKE).append(LIKE_SEGMENTS).append(FIND);
    }
    return ir.toString();
  }

  /**
   * Strings are compared a word (8 bytes) at a time. Where the second string (a constant, as a
   * rule) has up to 8 bytes, its word is compared without a branch on the bytes or the lengths:
   * a loop of a byte at a time branched on each, and mispredicted on most rows (TPC-H SF1,
   * {@code l_shipmode = 'MAIL'} over lineitem: 21 ms, 10 after). A word is read only where it lies
   * in the page of the string's first byte, which is mapped; an empty string, whose pointer may be
   * null, reads zeros. (Reading zeros for strings of another length too, to leave their bytes
   * unread, took a select on the lengths that became a mispredicted branch: 21 ms again.) A short
   * string whose word would cross a page is compared a byte at a time. Longer constants branch on
   * the lengths first, which most rows of a column of long strings fail without their bytes read,
   * then compare words, the last one ending at their last byte.
   */
  private static final String EQUAL = """

      @blaze_zeros = internal constant [8 x i8] zeroinitializer, align 8

      define internal i1 @blaze_str_equal(ptr %a, i64 %an, ptr %b, i64 %bn) {
      entry:
        %same = icmp eq i64 %an, %bn
        %bLong = icmp ugt i64 %bn, 8
        br i1 %bLong, label %long, label %short
      short:
        %aFull = icmp ne i64 %an, 0
        %wa = select i1 %aFull, ptr %a, ptr @blaze_zeros
        %bFull = icmp ne i64 %bn, 0
        %wb = select i1 %bFull, ptr %b, ptr @blaze_zeros
        %waAddress = ptrtoint ptr %wa to i64
        %wbAddress = ptrtoint ptr %wb to i64
        %waInPage = and i64 %waAddress, 4095
        %wbInPage = and i64 %wbAddress, 4095
        %waFits = icmp ule i64 %waInPage, 4088
        %wbFits = icmp ule i64 %wbInPage, 4088
        %fits = and i1 %waFits, %wbFits
        br i1 %fits, label %word, label %bytesSame
      word:
        %x = load i64, ptr %wa, align 1
        %y = load i64, ptr %wb, align 1
        %diff = xor i64 %x, %y
        %bits = shl i64 %bn, 3
        %one = shl i64 1, %bits
        %below = sub i64 %one, 1
        %whole = icmp eq i64 %bn, 8
        %mask = select i1 %whole, i64 -1, i64 %below
        %masked = and i64 %diff, %mask
        %wordSame = icmp eq i64 %masked, 0
        %equal = and i1 %same, %wordSame
        ret i1 %equal
      long:
        br i1 %same, label %words, label %no
      words:
        %j = phi i64 [0, %long], [%jn, %nextWord]
        %wordEnd = add nuw i64 %j, 8
        %whole8 = icmp ule i64 %wordEnd, %an
        br i1 %whole8, label %nextWord, label %lastWord
      nextWord:
        %paw = getelementptr i8, ptr %a, i64 %j
        %xw = load i64, ptr %paw, align 1
        %pbw = getelementptr i8, ptr %b, i64 %j
        %yw = load i64, ptr %pbw, align 1
        %jn = add nuw i64 %j, 8
        %weq = icmp eq i64 %xw, %yw
        br i1 %weq, label %words, label %no
      lastWord:
        %lastAt = sub i64 %an, 8
        %pal = getelementptr i8, ptr %a, i64 %lastAt
        %xl = load i64, ptr %pal, align 1
        %pbl = getelementptr i8, ptr %b, i64 %lastAt
        %yl = load i64, ptr %pbl, align 1
        %leq = icmp eq i64 %xl, %yl
        ret i1 %leq
      bytesSame:
        br i1 %same, label %bytes, label %no
      bytes:
        %i = phi i64 [0, %bytesSame], [%in, %next]
        %pa = getelementptr i8, ptr %a, i64 %i
        %xb = load i8, ptr %pa
        %pb = getelementptr i8, ptr %b, i64 %i
        %yb = load i8, ptr %pb
        %eq = icmp eq i8 %xb, %yb
        br i1 %eq, label %next, label %no
      next:
        %in = add nuw i64 %i, 1
        %moreBytes = icmp ult i64 %in, %an
        br i1 %moreBytes, label %bytes, label %yes
      yes:
        ret i1 true
      no:
        ret i1 false
      }
      """;

  /**
   * Unsigned bytes give code-point order; where a character of U+E000..U+FFFF (lead byte 0xEE or
   * 0xEF) meets one beyond U+FFFF (lead 0xF0 and up), UTF-16 puts the latter first (surrogates).
   */
  private static final String COMPARE = """

      define internal i32 @blaze_str_compare(ptr %a, i64 %an, ptr %b, i64 %bn) {
      entry:
        %shorter = icmp ult i64 %an, %bn
        %m = select i1 %shorter, i64 %an, i64 %bn
        %empty = icmp eq i64 %m, 0
        br i1 %empty, label %lengths, label %loop
      loop:
        %i = phi i64 [0, %entry], [%in, %next]
        %pa = getelementptr i8, ptr %a, i64 %i
        %x = load i8, ptr %pa
        %pb = getelementptr i8, ptr %b, i64 %i
        %y = load i8, ptr %pb
        %eq = icmp eq i8 %x, %y
        br i1 %eq, label %next, label %differ
      next:
        %in = add nuw i64 %i, 1
        %more = icmp ult i64 %in, %m
        br i1 %more, label %loop, label %lengths
      lengths:
        %lt = icmp ult i64 %an, %bn
        %gt = icmp ugt i64 %an, %bn
        %r1 = select i1 %lt, i32 -1, i32 0
        %r2 = select i1 %gt, i32 1, i32 %r1
        ret i32 %r2
      differ:
        %xu = zext i8 %x to i32
        %yu = zext i8 %y to i32
        %x4 = icmp uge i32 %xu, 240
        %y4 = icmp uge i32 %yu, 240
        %xh = and i32 %xu, 254
        %yh = and i32 %yu, 254
        %xe = icmp eq i32 %xh, 238
        %ye = icmp eq i32 %yh, 238
        %before = and i1 %x4, %ye
        %after = and i1 %y4, %xe
        %below = icmp ult i32 %xu, %yu
        %r3 = select i1 %below, i32 -1, i32 1
        %r4 = select i1 %after, i32 1, i32 %r3
        %r5 = select i1 %before, i32 -1, i32 %r4
        ret i32 %r5
      }
      """;

  /** The index after the UTF-8 character at {@code i}: past its continuation bytes (10xxxxxx). */
  private static final String NEXT_CHAR = """

      define internal i64 @blaze_next_char(ptr %s, i64 %sn, i64 %i) {
      entry:
        br label %loop
      loop:
        %j = phi i64 [%i, %entry], [%jn, %continuation]
        %jn = add nuw i64 %j, 1
        %inside = icmp ult i64 %jn, %sn
        br i1 %inside, label %check, label %done
      check:
        %p = getelementptr i8, ptr %s, i64 %jn
        %c = load i8, ptr %p
        %top = and i8 %c, -64
        %cont = icmp eq i8 %top, -128
        br i1 %cont, label %continuation, label %done
      continuation:
        br label %loop
      done:
        ret i64 %jn
      }
      """;

  /**
   * LIKE without {@code _}, the common case ({@code '%special%requests%'}, {@code 'PROMO%'}): the
   * first segment must begin the string and the last end it, and each one between is found, in
   * order, by {@code @blaze_find}. UTF-8 is self-synchronizing, so a segment found is found at a
   * character boundary. A pattern with {@code _} takes the greedy match.
   */
  private static final String LIKE_SEGMENTS = """

      declare ptr @memchr(ptr, i32, i64)
      declare ptr @memrchr(ptr, i32, i64)
      declare i32 @memcmp(ptr, ptr, i64)
      declare i64 @llvm.cttz.i64(i64, i1)


      ; -1 with a _ (the greedy match), -2 without a %, else the first % and the last (<< 32), and
      ; 1 << 62 if no % lies between them
      define internal i64 @blaze_like_shape(ptr %p, i64 %pn) {
      entry:
        %empty = icmp eq i64 %pn, 0
        br i1 %empty, label %exact, label %underscores
      underscores:
        %underscore = call ptr @memchr(ptr %p, i32 95, i64 %pn)
        %hasUnderscore = icmp ne ptr %underscore, null
        br i1 %hasUnderscore, label %greedy, label %percents
      greedy:
        ret i64 -1
      percents:
        %first = call ptr @memchr(ptr %p, i32 37, i64 %pn)
        %noPercent = icmp eq ptr %first, null
        br i1 %noPercent, label %exact, label %both
      exact:
        ret i64 -2
      both:
        %pBase = ptrtoint ptr %p to i64
        %firstAddress = ptrtoint ptr %first to i64
        %firstAt = sub i64 %firstAddress, %pBase
        %last = call ptr @memrchr(ptr %p, i32 37, i64 %pn)
        %lastAddress = ptrtoint ptr %last to i64
        %lastAt = sub i64 %lastAddress, %pBase
        %lastHigh = shl i64 %lastAt, 32
        %ends = or i64 %lastHigh, %firstAt
        %gap = sub i64 %lastAt, %firstAt
        %hasGap = icmp ugt i64 %gap, 1
        br i1 %hasGap, label %between, label %onlyTwo
      between:
        %afterFirst = getelementptr i8, ptr %first, i64 1
        %gapBytes = sub i64 %gap, 1
        %middle = call ptr @memchr(ptr %afterFirst, i32 37, i64 %gapBytes)
        %noMiddle = icmp eq ptr %middle, null
        br i1 %noMiddle, label %onlyTwo, label %more
      onlyTwo:
        %two = or i64 %ends, 4611686018427387904
        ret i64 %two
      more:
        ret i64 %ends
      }

      define internal i1 @blaze_str_like(ptr %s, i64 %sn, ptr %p, i64 %pn, i64 %shape) {
      entry:
        %isGreedy = icmp eq i64 %shape, -1
        br i1 %isGreedy, label %greedy, label %segments
      greedy:
        %g = call i1 @blaze_str_like_greedy(ptr %s, i64 %sn, ptr %p, i64 %pn)
        ret i1 %g
      segments:
        %noPercent = icmp eq i64 %shape, -2
        br i1 %noPercent, label %exact, label %prefix
      exact:
        %sameLength = icmp eq i64 %sn, %pn
        br i1 %sameLength, label %exactBytes, label %no
      exactBytes:
        %exactDiff = call i32 @memcmp(ptr %s, ptr %p, i64 %pn)
        %exactSame = icmp eq i32 %exactDiff, 0
        ret i1 %exactSame
      prefix:
        %prefixLength = and i64 %shape, 4294967295
        %prefixEmpty = icmp eq i64 %prefixLength, 0
        br i1 %prefixEmpty, label %suffix, label %prefixCheck
      prefixCheck:
        %prefixFits = icmp ule i64 %prefixLength, %sn
        br i1 %prefixFits, label %prefixBytes, label %no
      prefixBytes:
        %prefixDiff = call i32 @memcmp(ptr %s, ptr %p, i64 %prefixLength)
        %prefixSame = icmp eq i32 %prefixDiff, 0
        br i1 %prefixSame, label %suffix, label %no
      suffix:
        %pBase = ptrtoint ptr %p to i64
        %shapeHigh = lshr i64 %shape, 32
        %lastAt = and i64 %shapeHigh, 1073741823
        %twoBit = and i64 %shape, 4611686018427387904
        %onlyTwo = icmp ne i64 %twoBit, 0
        %last = getelementptr i8, ptr %p, i64 %lastAt
        %afterLast = sub i64 %pn, %lastAt
        %suffixLength = sub i64 %afterLast, 1
        %room = sub i64 %sn, %prefixLength
        %suffixFits = icmp ule i64 %suffixLength, %room
        br i1 %suffixFits, label %suffixBytes, label %no
      suffixBytes:
        %end = sub i64 %sn, %suffixLength
        %sEnd = getelementptr i8, ptr %s, i64 %end
        %pSuffix = getelementptr i8, ptr %last, i64 1
        %middleStart = add i64 %prefixLength, 1
        %suffixEmpty = icmp eq i64 %suffixLength, 0
        br i1 %suffixEmpty, label %segment, label %suffixCompare
      suffixCompare:
        %suffixDiff = call i32 @memcmp(ptr %sEnd, ptr %pSuffix, i64 %suffixLength)
        %suffixSame = icmp eq i32 %suffixDiff, 0
        br i1 %suffixSame, label %segment, label %no
      segment:
        %pi = phi i64 [%middleStart, %suffixBytes], [%middleStart, %suffixCompare], [%pNext, %found], [%pNext, %empty]
        %si = phi i64 [%prefixLength, %suffixBytes], [%prefixLength, %suffixCompare], [%sNext, %found], [%si, %empty]
        %more = icmp ult i64 %pi, %lastAt
        br i1 %more, label %segmentEnd, label %yes
      segmentEnd:
        %pSegment = getelementptr i8, ptr %p, i64 %pi
        br i1 %onlyTwo, label %segmentStopped, label %segmentFind
      segmentFind:
        %left = sub i64 %lastAt, %pi
        %next = call ptr @memchr(ptr %pSegment, i32 37, i64 %left)
        %nextMissing = icmp eq ptr %next, null
        %nextAddress = ptrtoint ptr %next to i64
        %nextAt = sub i64 %nextAddress, %pBase
        %stopFound = select i1 %nextMissing, i64 %lastAt, i64 %nextAt
        br label %segmentStopped
      segmentStopped:
        %segmentStop = phi i64 [%lastAt, %segmentEnd], [%stopFound, %segmentFind]
        %segmentLength = sub i64 %segmentStop, %pi
        %pNext = add i64 %segmentStop, 1
        %isEmpty = icmp eq i64 %segmentLength, 0
        br i1 %isEmpty, label %empty, label %search
      empty:
        br label %segment
      search:
        %sFrom = getelementptr i8, ptr %s, i64 %si
        %available = sub i64 %end, %si
        %matchFrom = call i64 @blaze_find(ptr %sFrom, i64 %available, ptr %pSegment, i64 %segmentLength)
        %notFound = icmp slt i64 %matchFrom, 0
        br i1 %notFound, label %no, label %found
      found:
        %matchAt = add i64 %si, %matchFrom
        %sNext = add i64 %matchAt, %segmentLength
        br label %segment
      yes:
        ret i1 true
      no:
        ret i1 false
      }
      """;

  /**
   * {@code i64 @blaze_find(ptr h, i64 hn, ptr n, i64 nn)}: where the {@code nn} bytes at {@code n}
   * (at least one) first occur in the {@code hn} at {@code h}, or -1. 32 positions a step: 32 bytes
   * of the haystack and the 32 one byte on are compared with the needle's first and second bytes
   * (vectors), and the positions where both match are checked whole by memcmp. Then 8 a step: a
   * word and the word one byte on, the same way by the zero-byte test of
   * {@code (x - 0x01..) & ~x & 0x80..} (exact for the lowest match, which memcmp checks as the
   * others). Bytes are read only within the haystack; the last positions go a byte at a time, and
   * a needle of one byte is libc's memchr. libc's
   * memmem, which this replaced, prepares a shift table at every call: over o_comment's 49 bytes
   * on average, {@code LIKE '%special%'} took 46 ns a string.
   */
  private static final String FIND = """

      define internal i64 @blaze_find(ptr %h, i64 %hn, ptr %n, i64 %nn) {
      entry:
        %fits = icmp ule i64 %nn, %hn
        br i1 %fits, label %start, label %none
      start:
        %lastStart = sub i64 %hn, %nn
        %p0 = load i8, ptr %n
        %single = icmp eq i64 %nn, 1
        br i1 %single, label %one, label %pair
      one:
        %p0i = zext i8 %p0 to i32
        %c = call ptr @memchr(ptr %h, i32 %p0i, i64 %hn)
        %cMissing = icmp eq ptr %c, null
        br i1 %cMissing, label %none, label %foundOne
      foundOne:
        %cAddress = ptrtoint ptr %c to i64
        %hAddress = ptrtoint ptr %h to i64
        %cAt = sub i64 %cAddress, %hAddress
        ret i64 %cAt
      pair:
        %n1 = getelementptr i8, ptr %n, i64 1
        %p1 = load i8, ptr %n1
        %p0w = zext i8 %p0 to i64
        %p1w = zext i8 %p1 to i64
        %b0 = mul i64 %p0w, 72340172838076673
        %b1 = mul i64 %p1w, 72340172838076673
        %one0 = insertelement <32 x i8> poison, i8 %p0, i64 0
        %s0 = shufflevector <32 x i8> %one0, <32 x i8> poison, <32 x i32> zeroinitializer
        %one1 = insertelement <32 x i8> poison, i8 %p1, i64 0
        %s1 = shufflevector <32 x i8> %one1, <32 x i8> poison, <32 x i32> zeroinitializer
        br label %block
      block:
        %i = phi i64 [0, %pair], [%iNext, %blockNext]
        %vectorEnd = add i64 %i, 33
        %vectorFits = icmp ule i64 %vectorEnd, %hn
        br i1 %vectorFits, label %vectorBody, label %wordCheck
      vectorBody:
        %va.p = getelementptr i8, ptr %h, i64 %i
        %va = load <32 x i8>, ptr %va.p, align 1
        %vb.p = getelementptr i8, ptr %va.p, i64 1
        %vb = load <32 x i8>, ptr %vb.p, align 1
        %ea = icmp eq <32 x i8> %va, %s0
        %eb = icmp eq <32 x i8> %vb, %s1
        %e = and <32 x i1> %ea, %eb
        %eBits = bitcast <32 x i1> %e to i32
        %vm = zext i32 %eBits to i64
        br label %candidates
      wordCheck:
        %wordEnd = add i64 %i, 9
        %wordFits = icmp ule i64 %wordEnd, %hn
        br i1 %wordFits, label %wordBody, label %tail
      wordBody:
        %pa = getelementptr i8, ptr %h, i64 %i
        %wa = load i64, ptr %pa, align 1
        %pb = getelementptr i8, ptr %pa, i64 1
        %wb = load i64, ptr %pb, align 1
        %xa = xor i64 %wa, %b0
        %xb = xor i64 %wb, %b1
        %da = sub i64 %xa, 72340172838076673
        %db = sub i64 %xb, 72340172838076673
        %na = xor i64 %xa, -1
        %nb = xor i64 %xb, -1
        %za = and i64 %da, %na
        %zb = and i64 %db, %nb
        %zab = and i64 %za, %zb
        %wm = and i64 %zab, -9187201950435737472
        br label %candidates
      candidates:
        ; a bit a position (vectors, 32 a step) or the top bit of a byte a position (words, 8)
        %found = phi i64 [%vm, %vectorBody], [%wm, %wordBody]
        %bitsPerPosition = phi i64 [0, %vectorBody], [3, %wordBody]
        %step = phi i64 [32, %vectorBody], [8, %wordBody]
        br label %candidate
      candidate:
        %mask = phi i64 [%found, %candidates], [%maskRest, %candidateNext]
        %any = icmp ne i64 %mask, 0
        br i1 %any, label %candidateBody, label %blockNext
      candidateBody:
        %bit = call i64 @llvm.cttz.i64(i64 %mask, i1 true)
        %position = lshr i64 %bit, %bitsPerPosition
        %at = add i64 %i, %position
        %atFits = icmp ule i64 %at, %lastStart
        br i1 %atFits, label %verify, label %none
      verify:
        %pAt = getelementptr i8, ptr %h, i64 %at
        %diff = call i32 @memcmp(ptr %pAt, ptr %n, i64 %nn)
        %same = icmp eq i32 %diff, 0
        br i1 %same, label %foundBlock, label %candidateNext
      foundBlock:
        ret i64 %at
      candidateNext:
        %maskLess = sub i64 %mask, 1
        %maskRest = and i64 %mask, %maskLess
        br label %candidate
      blockNext:
        %iNext = add i64 %i, %step
        br label %block
      tail:
        %t = phi i64 [%i, %wordCheck], [%tNext, %tailNext]
        %tFits = icmp ule i64 %t, %lastStart
        br i1 %tFits, label %tailBody, label %none
      tailBody:
        %pt = getelementptr i8, ptr %h, i64 %t
        %bt = load i8, ptr %pt
        %firstSame = icmp eq i8 %bt, %p0
        br i1 %firstSame, label %tailVerify, label %tailNext
      tailVerify:
        %tailDiff = call i32 @memcmp(ptr %pt, ptr %n, i64 %nn)
        %tailSame = icmp eq i32 %tailDiff, 0
        br i1 %tailSame, label %foundTail, label %tailNext
      foundTail:
        ret i64 %t
      tailNext:
        %tNext = add i64 %t, 1
        br label %tail
      none:
        ret i64 -1
      }
      """;

  /**
   * The greedy wildcard match: literal bytes advance both sides, {@code _} one character, {@code %}
   * records where to resume; on a mismatch the last {@code %} takes one more character. Positions
   * in the string stay on character boundaries, so {@code _} always takes a whole character.
   */
  private static final String LIKE = """

      define internal i1 @blaze_str_like_greedy(ptr %s, i64 %sn, ptr %p, i64 %pn) {
      entry:
        br label %loop
      loop:
        %si = phi i64 [0, %entry], [%si, %percent], [%si.u, %underscore], [%si.m, %match], [%mark.r, %retry]
        %pi = phi i64 [0, %entry], [%pi.p, %percent], [%pi.u, %underscore], [%pi.m, %match], [%pi.r, %retry]
        %star = phi i64 [-1, %entry], [%pi, %percent], [%star, %underscore], [%star, %match], [%star, %retry]
        %mark = phi i64 [0, %entry], [%si, %percent], [%mark, %underscore], [%mark, %match], [%mark.r, %retry]
        %sdone = icmp uge i64 %si, %sn
        br i1 %sdone, label %tail, label %step
      step:
        %pin = icmp ult i64 %pi, %pn
        br i1 %pin, label %pattern, label %backtrack
      pattern:
        %pcp = getelementptr i8, ptr %p, i64 %pi
        %pc = load i8, ptr %pcp
        %isPercent = icmp eq i8 %pc, 37
        br i1 %isPercent, label %percent, label %other
      percent:
        %pi.p = add nuw i64 %pi, 1
        br label %loop
      other:
        %isUnderscore = icmp eq i8 %pc, 95
        br i1 %isUnderscore, label %underscore, label %literal
      underscore:
        %si.u = call i64 @blaze_next_char(ptr %s, i64 %sn, i64 %si)
        %pi.u = add nuw i64 %pi, 1
        br label %loop
      literal:
        %scp = getelementptr i8, ptr %s, i64 %si
        %sc = load i8, ptr %scp
        %same = icmp eq i8 %sc, %pc
        br i1 %same, label %match, label %backtrack
      match:
        %si.m = add nuw i64 %si, 1
        %pi.m = add nuw i64 %pi, 1
        br label %loop
      backtrack:
        %hasStar = icmp sge i64 %star, 0
        br i1 %hasStar, label %retry, label %no
      retry:
        %mark.r = call i64 @blaze_next_char(ptr %s, i64 %sn, i64 %mark)
        %pi.r = add nuw i64 %star, 1
        br label %loop
      tail:
        %t = phi i64 [%pi, %loop], [%tn, %tailPercent]
        %tin = icmp ult i64 %t, %pn
        br i1 %tin, label %tailCheck, label %yes
      tailCheck:
        %tcp = getelementptr i8, ptr %p, i64 %t
        %tc = load i8, ptr %tcp
        %tn = add nuw i64 %t, 1
        %tp = icmp eq i8 %tc, 37
        br i1 %tp, label %tailPercent, label %no
      tailPercent:
        br label %tail
      yes:
        ret i1 true
      no:
        ret i1 false
      }
      """;
}
