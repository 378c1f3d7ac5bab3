"""The fixed front end of the encoder: local image statistics pooled into 8 x 8-pixel cells.

  image [N, 3, S, S] (normalised as the contract says) -> statistics [N, F, S/8, S/8]

Nothing here is learned. It is computed once per synthetic image when the training set is written
(synth.py caches its output) and again, as the first part of the exported encoder, by ONNX Runtime
on every image Java scores; the same module does both, so the two agree by construction.

Every statistic is something a distortion type moves, measured on the image as the model sees it
(the whole image shrunk to S x S), per cell:

  luma        mean, standard deviation, min and max; share of nearly clipped highlights and
              shadows (soft thresholds, so that rounding cannot flip a pixel's vote)      exposure
  gradients   log energy of the luma gradient at 1, 1/2 and 1/4 scale: their ratios fall as
              fine detail goes (blur) and rise with grain (noise); the energy of the
              fine residual (pixel minus its 3 x 3 mean), and its floor: the quietest
              4 x 4 block of the cell and of the 3 x 3 cells around it, which in a
              textured area still reads the grain rather than the texture            blur, noise
  MSCN        mean contrast-normalised coefficients (as in BRISQUE and NIQE): their energy,
              mean magnitude, the Gaussian-shape ratio E|m|^2 / E m^2, and the correlation of
              neighbours (horizontal, vertical, diagonal): blur raises it, noise lowers it, blocking
              sharpens the distribution                                         blur, noise, compression
  flatness    share of pixels whose fine residual is below 1 and 3 grey levels: JPEG's flat
              blocks and blur raise it, grain removes it                            compression, blur
  blocking    steps across the 8 x 8 grid of the S x S image against steps inside it, horizontal and
              vertical (what survives of a native-size grid is weak: the shrink moves it, but
              images near S keep it)                                                compression
  colour      mean R, G, B; opponent means (R - G, (R + G)/2 - B); mean chroma magnitude and its
              spread; saturation (max - min) / max; log energy of the chroma gradient (JPEG's
              chroma subsampling and blur remove it)                                colourfulness
  haze        dark channel (min over RGB, then over the cell) and bright channel   haze, exposure

Each output channel is a fixed affine rescaling of the statistic (log for energies) to roughly
unit range; the learned network standardises further.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

import common

CELL = 8
NAMES = ('luma_mean', 'luma_std', 'luma_min', 'luma_max', 'highlights', 'shadows',
         'grad1', 'grad2', 'grad4', 'residual', 'floor_cell', 'floor_area',
         'mscn_energy', 'mscn_abs', 'mscn_shape', 'mscn_h', 'mscn_v', 'mscn_d',
         'flat1', 'flat3', 'block_h', 'block_v',
         'red', 'green', 'blue', 'rg', 'yb', 'chroma', 'chroma_spread', 'saturation', 'chroma_grad',
         'dark', 'bright')
CHANNELS = len(NAMES)


def _gauss_kernel(sigma, radius):
    x = torch.arange(-radius, radius + 1, dtype=torch.float32)
    k = torch.exp(-x * x / (2 * sigma * sigma))
    return k / k.sum()


class FrontEnd(nn.Module):
    """Fixed local statistics per 8 x 8 cell; see the module docstring."""

    def __init__(self):
        super().__init__()
        self.register_buffer('std', torch.tensor(common.STD).view(1, 3, 1, 1))
        self.register_buffer('mean', torch.tensor(common.MEAN).view(1, 3, 1, 1))
        self.register_buffer('luma_w', torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1))
        g = _gauss_kernel(7 / 6, 3)
        self.register_buffer('gauss_h', g.view(1, 1, 1, 7))
        self.register_buffer('gauss_v', g.view(1, 1, 7, 1))

    @staticmethod
    def cell(x):
        return F.avg_pool2d(x, CELL, CELL)

    def gauss(self, x):
        x = F.conv2d(F.pad(x, (3, 3, 0, 0), mode='reflect'), self.gauss_h)
        return F.conv2d(F.pad(x, (0, 0, 3, 3), mode='reflect'), self.gauss_v)

    @staticmethod
    def grad_energy(y):
        """Squared central-difference gradient (symmetric under flips), edges replicated."""
        p = F.pad(y, (1, 1, 1, 1), mode='replicate')
        gx = (p[:, :, 1:-1, 2:] - p[:, :, 1:-1, :-2]) * 0.5
        gy = (p[:, :, 2:, 1:-1] - p[:, :, :-2, 1:-1]) * 0.5
        return gx * gx + gy * gy

    @staticmethod
    def grid_ratio(s, dim):
        """s: mean |step| of each column (along dim 3) within a row of cells -> log(grid / inside)
        per cell, from the steps at the cell boundaries (columns 8k+7) and the 7 inside a cell."""
        n = s.shape[dim]
        b = s[:, :, :, CELL - 1:n - 1:CELL]                                     # the S/8 - 1 inner boundaries
        grid = (torch.cat([b[:, :, :, :1], b], 3) + torch.cat([b, b[:, :, :, -1:]], 3)) * 0.5
        inside = (F.avg_pool2d(s, (1, CELL), (1, CELL)) * CELL - s[:, :, :, CELL - 1::CELL]) / (CELL - 1)
        return torch.log(grid + 2e-3) - torch.log(inside + 2e-3)

    @staticmethod
    def log_e(x, eps=1e-6):
        return torch.log(x + eps)

    def forward(self, image):
        rgb = image * self.std + self.mean                                      # 0..1
        y = (rgb * self.luma_w).sum(1, keepdim=True)
        cell = self.cell
        out = []

        # luma: exposure and contrast
        mu = cell(y)
        dev = y - F.interpolate(mu, scale_factor=CELL, mode='nearest')   # centred first: no cancellation
        sd = torch.sqrt(cell(dev * dev) + 1e-6)
        ymax = F.max_pool2d(y, CELL, CELL)
        ymin = -F.max_pool2d(-y, CELL, CELL)
        hi = cell(torch.sigmoid((y - 0.965) * 150))
        lo = cell(torch.sigmoid((0.035 - y) * 150))
        out += [(mu - 0.45) * 4, sd * 8, (ymin - 0.3) * 3, (ymax - 0.6) * 3, hi * 4, lo * 4]

        # gradient energy at three scales, the fine residual and its floor: blur, noise
        y2 = F.avg_pool2d(y, 2)
        y4 = F.avg_pool2d(y2, 2)
        g1 = self.log_e(cell(self.grad_energy(y)))
        g2 = self.log_e(F.avg_pool2d(self.grad_energy(y2), CELL // 2))
        g4 = self.log_e(F.avg_pool2d(self.grad_energy(y4), CELL // 4))
        res = y - F.avg_pool2d(F.pad(y, (1, 1, 1, 1), mode='replicate'), 3, 1)
        r2 = res * res
        block4 = F.avg_pool2d(r2, 4)                                            # [S/4]
        floor_cell = -F.max_pool2d(-block4, 2)                                  # quietest 4x4 of the cell
        floor_area = -F.max_pool2d(-floor_cell, 3, 1, 1)                        # ... of the 3x3 cells around
        out += [(g1 + 7) * 0.4, (g2 + 7) * 0.4, (g4 + 7) * 0.4, (self.log_e(cell(r2)) + 9) * 0.4,
                (self.log_e(floor_cell) + 11) * 0.4, (self.log_e(floor_area) + 11) * 0.4]

        # MSCN statistics (BRISQUE / NIQE), C = 1 grey level
        m_mu = self.gauss(y)
        m_sd = torch.sqrt(self.gauss((y - m_mu) ** 2) + 1e-8)
        m = (y - m_mu) / (m_sd + 1.0 / 255)
        m2 = cell(m * m)
        ma = cell(torch.abs(m))
        shape = ma * ma / (m2 + 1e-3)
        # each coefficient times the mean of its two (four) neighbours along a direction: symmetric
        # under flips, so a flipped image gives exactly the flipped statistics
        mp = F.pad(m, (1, 1, 1, 1), mode='replicate')
        mh = cell(m * (mp[:, :, 1:-1, 2:] + mp[:, :, 1:-1, :-2]) * 0.5)
        mv = cell(m * (mp[:, :, 2:, 1:-1] + mp[:, :, :-2, 1:-1]) * 0.5)
        md = cell(m * (mp[:, :, 2:, 2:] + mp[:, :, :-2, :-2] + mp[:, :, 2:, :-2] + mp[:, :, :-2, 2:]) * 0.25)
        norm = m2 + 1e-3
        out += [m2 - 0.5, ma * 2 - 1, (shape - 0.6) * 5, mh / norm, mv / norm, md / norm]

        # flat pixels (fine residual below ~1 and ~3 grey levels): JPEG's flat blocks, blur
        ar = torch.abs(res)
        out += [cell(torch.exp(-(ar * 255) ** 2)) * 2 - 1, cell(torch.exp(-(ar * 85) ** 2)) * 2 - 1]

        # steps across the 8 x 8 grid against steps inside it; a cell's grid step is the mean of its
        # left and right (top and bottom) boundaries, the outer cells use their inner one
        dx = F.pad(torch.abs(y[:, :, :, 1:] - y[:, :, :, :-1]), (0, 1, 0, 0))   # dx[x] = |y[x+1] - y[x]|
        dy = F.pad(torch.abs(y[:, :, 1:, :] - y[:, :, :-1, :]), (0, 0, 0, 1))
        sx = F.avg_pool2d(dx, (CELL, 1), (CELL, 1))                             # [S/8, S]
        sy = F.avg_pool2d(dy, (1, CELL), (1, CELL))                             # [S, S/8]
        out += [self.grid_ratio(sx, 3), self.grid_ratio(sy.transpose(2, 3), 3).transpose(2, 3)]

        # colour
        r, g, b = rgb[:, 0:1], rgb[:, 1:2], rgb[:, 2:3]
        rg = r - g
        yb = 0.5 * (r + g) - b
        chroma = torch.sqrt(rg * rg + yb * yb + 1e-6)
        crg, cyb = cell(rg), cell(yb)
        up = lambda c: F.interpolate(c, scale_factor=CELL, mode='nearest')  # noqa: E731
        spread = torch.sqrt(cell((rg - up(crg)) ** 2 + (yb - up(cyb)) ** 2) + 1e-6)
        cmax = rgb.max(1, keepdim=True)[0]
        cmin = rgb.min(1, keepdim=True)[0]
        sat = cell((cmax - cmin) / (cmax + 0.02))
        cgrad = self.log_e(cell(self.grad_energy(rg) + self.grad_energy(yb)))
        out += [(cell(r) - 0.45) * 4, (cell(g) - 0.45) * 4, (cell(b) - 0.45) * 4, crg * 8, cyb * 8,
                cell(chroma) * 6, spread * 10, sat * 3, (cgrad + 9) * 0.4]

        # dark and bright channels: haze, exposure
        dark = -F.max_pool2d(-cmin, CELL, CELL)
        bright = F.max_pool2d(cmax, CELL, CELL)
        out += [(dark - 0.2) * 4, (bright - 0.8) * 4]
        return torch.cat(out, 1)


assert common.INPUT_SIZE % CELL == 0


def compute(images_s, batch=64):
    """RGB uint8 images already at S x S, [N, S, S, 3] -> float32 statistics [N, F, S/8, S/8] (numpy),
    exactly what the exported encoder's front end computes from the same pixels."""
    import numpy as np
    torch.set_num_threads(2)
    fe = FrontEnd().eval()
    out = np.empty((len(images_s), CHANNELS, common.INPUT_SIZE // CELL, common.INPUT_SIZE // CELL), np.float32)
    with torch.no_grad():
        for i in range(0, len(images_s), batch):
            out[i:i + batch] = fe(torch.from_numpy(common.normalise_s(np.asarray(images_s[i:i + batch])))).numpy()
    return out
