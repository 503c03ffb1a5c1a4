// NutUI components only the operator's pages use: imported here, after nutui.ts, so their
// code and CSS land in the operator subpackage rather than the main package.
import './nutui';
import {
  Progress as NutProgress,
  Radio as NutRadio,
  Segmented as NutSegmented,
  Switch as NutSwitch,
} from '@nutui/nutui-react-taro';

export const Progress = NutProgress;
export const Radio = NutRadio;
export const Segmented = NutSegmented;
export const Switch = NutSwitch;
