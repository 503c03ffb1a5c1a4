// Every NutUI component the main package uses, imported in one place and one order:
// babel-plugin-import adds each component's CSS where it is imported, and pages
// importing them in different orders made the shared CSS chunk's order conflict.
// (Plain `export { Button }` is not rewritten by babel-plugin-import; a const is.)
// Components only the operator's pages use live in nutui-forms.ts (their subpackage).
import {
  Button as NutButton,
  Cell as NutCell,
  Dialog as NutDialog,
  Empty as NutEmpty,
  Input as NutInput,
  InputNumber as NutInputNumber,
  Tag as NutTag,
  Toast as NutToast,
} from '@nutui/nutui-react-taro';

export const Button = NutButton;
export const Cell = NutCell;
export const Dialog = NutDialog;
export const Empty = NutEmpty;
export const Input = NutInput;
export const InputNumber = NutInputNumber;
export const Tag = NutTag;
export const Toast = NutToast;
