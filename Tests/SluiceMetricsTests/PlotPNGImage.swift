import CZlib
import Foundation

/// A decoded 8-bit PNG (as rsvg-convert writes): chunks parsed, IDAT inflated with zlib and
/// the scanline filters undone, so tests can inspect the rendered pixels.
struct PlotPNGImage {
  /// The image width in pixels.
  var width: Int
  /// The image height in pixels.
  var height: Int
  /// Bytes per pixel (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA).
  var channels: Int
  /// The unfiltered pixel bytes, row-major.
  var pixels: [UInt8]

  /// Decodes `data`; throws on anything but a non-interlaced 8-bit image.
  init(data: [UInt8]) throws {
    let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]
    guard data.count > 8, Array(data[0..<8]) == signature else {
      throw PlotTestError("not a PNG file")
    }
    var offset = 8
    var header: [UInt8] = []
    var compressed: [UInt8] = []
    while offset + 8 <= data.count {
      let length = data[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
      let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
      let start = offset + 8
      guard start + length + 4 <= data.count else { throw PlotTestError("truncated chunk") }
      let body = data[start..<(start + length)]
      if type == "IHDR" { header = Array(body) }
      if type == "IDAT" { compressed += body }
      offset = start + length + 4
      if type == "IEND" { break }
    }
    guard header.count == 13 else { throw PlotTestError("missing IHDR") }
    func int(_ at: Int) -> Int { header[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
    width = int(0)
    height = int(4)
    let depth = header[8]
    let colorType = header[9]
    guard depth == 8, header[12] == 0 else {
      throw PlotTestError("unsupported PNG: depth \(depth), interlace \(header[12])")
    }
    switch colorType {
    case 0: channels = 1
    case 2: channels = 3
    case 4: channels = 2
    case 6: channels = 4
    default: throw PlotTestError("unsupported PNG colour type \(colorType)")
    }
    let stride = width * channels
    var raw = [UInt8](repeating: 0, count: height * (stride + 1))
    var rawLength = uLongf(raw.count)
    let status = raw.withUnsafeMutableBytes { output in
      compressed.withUnsafeBytes { input in
        uncompress(
          output.baseAddress?.assumingMemoryBound(to: Bytef.self), &rawLength,
          input.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(input.count))
      }
    }
    guard status == Z_OK, Int(rawLength) == raw.count else {
      throw PlotTestError("zlib inflate failed (\(status)), \(rawLength) of \(raw.count) bytes")
    }
    pixels = Self.unfiltered(raw, height: height, stride: stride, channels: channels)
  }

  /// Undoes the per-scanline filters (None, Sub, Up, Average, Paeth).
  private static func unfiltered(_ raw: [UInt8], height: Int, stride: Int, channels: Int)
    -> [UInt8]
  {
    var output = [UInt8](repeating: 0, count: height * stride)
    for row in 0..<height {
      let filter = raw[row * (stride + 1)]
      let input = row * (stride + 1) + 1
      let base = row * stride
      for column in 0..<stride {
        let value = Int(raw[input + column])
        let left = column >= channels ? Int(output[base + column - channels]) : 0
        let up = row > 0 ? Int(output[base - stride + column]) : 0
        let upLeft =
          row > 0 && column >= channels ? Int(output[base - stride + column - channels]) : 0
        let predictor: Int
        switch filter {
        case 1: predictor = left
        case 2: predictor = up
        case 3: predictor = (left + up) / 2
        case 4:
          let estimate = left + up - upLeft
          let distances = (abs(estimate - left), abs(estimate - up), abs(estimate - upLeft))
          if distances.0 <= distances.1 && distances.0 <= distances.2 {
            predictor = left
          } else if distances.1 <= distances.2 {
            predictor = up
          } else {
            predictor = upLeft
          }
        default: predictor = 0
        }
        output[base + column] = UInt8(truncatingIfNeeded: value + predictor)
      }
    }
    return output
  }

  /// The pixel at (x, y) composited over white, as RGB.
  func rgb(x: Int, y: Int) -> (r: Int, g: Int, b: Int) {
    let at = (y * width + x) * channels
    func over(_ value: UInt8, _ alpha: Int) -> Int {
      (Int(value) * alpha + 255 * (255 - alpha)) / 255
    }
    switch channels {
    case 1: return (Int(pixels[at]), Int(pixels[at]), Int(pixels[at]))
    case 2:
      let grey = over(pixels[at], Int(pixels[at + 1]))
      return (grey, grey, grey)
    case 3: return (Int(pixels[at]), Int(pixels[at + 1]), Int(pixels[at + 2]))
    default:
      let alpha = Int(pixels[at + 3])
      return (over(pixels[at], alpha), over(pixels[at + 1], alpha), over(pixels[at + 2], alpha))
    }
  }

  /// Summary of a rectangle's pixels: how many are light, dark, and how many colours.
  struct Census {
    /// Pixels with luminance above 200.
    var light = 0
    /// Pixels with luminance below 110.
    var dark = 0
    /// Pixels that are neither grey nor white (saturated colour).
    var colored = 0
    /// Distinct RGB values.
    var colors = Set<Int>()
  }

  /// The census of the rectangle [x0, x1) × [y0, y1), clipped to the image.
  func census(x0: Int, y0: Int, x1: Int, y1: Int) -> Census {
    var result = Census()
    for y in max(0, y0)..<min(height, y1) {
      for x in max(0, x0)..<min(width, x1) {
        let (r, g, b) = rgb(x: x, y: y)
        let luminance = (299 * r + 587 * g + 114 * b) / 1000
        if luminance > 200 { result.light += 1 }
        if luminance < 110 { result.dark += 1 }
        if max(r, g, b) - min(r, g, b) > 60 { result.colored += 1 }
        result.colors.insert(r << 16 | g << 8 | b)
      }
    }
    return result
  }
}
