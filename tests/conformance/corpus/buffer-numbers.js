// Buffer integer and float reads/writes, both endiannesses.
function lambda(input, callback) {
  const b = Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xff, 0xfe, 0x80, 0x00]);
  const w = Buffer.alloc(16);
  const offs = [w.writeUInt16LE(0xbeef, 0), w.writeInt16BE(-2, 2), w.writeInt32LE(-123456, 4), w.writeUInt32BE(0xdeadbeef, 8), w.writeInt8(-5, 12), w.writeUInt8(250, 13), w.writeUInt16BE(0x1234, 14)];
  const f = Buffer.alloc(12);
  f.writeFloatLE(1.5, 0); f.writeDoubleBE(-0.1, 4);
  callback(null, {
    reads: [b.readUInt8(0), b.readInt8(8), b.readUInt16LE(0), b.readUInt16BE(0), b.readInt16LE(8), b.readInt16BE(8), b.readUInt32LE(0), b.readUInt32BE(4), b.readInt32LE(8), b.readInt32BE(8)],
    varLen: [b.readUIntBE(0, 3), b.readUIntLE(0, 6), b.readIntBE(8, 2), b.readIntLE(9, 3)],
    big: [b.readBigUInt64LE(0).toString(), b.readBigInt64BE(4).toString()],
    floats: [f.readFloatLE(0), f.readDoubleBE(4), f.toString('hex')],
    writes: [offs, w.toString('hex')],
    aliases: [typeof b.readUint32LE, typeof b.writeUint16LE],
    range: (() => { try { b.readUInt32LE(10); } catch (e) { return [e.name, e.code]; } })(),
    swap: [Buffer.from([1, 2, 3, 4]).swap16().toJSON().data, Buffer.from([1, 2, 3, 4]).swap32().toJSON().data],
  });
}
